using System.Globalization;
using System.Text;
using Xunit.Sdk;

namespace Weft.Fuzz.Tests.Support;

/// <summary>
/// One fuzz run: a seed, a real server in a child process, and the checks every request goes through. Broken
/// properties are collected (one entry per distinct failure) and reported together by <see cref="AssertNoViolations"/>,
/// with the seed to replay them. When the server dies or its state is broken, it is replaced by a fresh one (its
/// state rebuilt by the run's prepare step), so that each failure is blamed on the input that caused it.
/// </summary>
public sealed class FuzzSession : IAsyncDisposable
{
    /// <summary>A peak resident size above this breaks <see cref="Properties.MemoryBounded"/>.</summary>
    public const long MemoryLimitBytes = 1024L * 1024 * 1024;

    private const int MaxRestarts = 25;

    /// <summary>Requests slower than this are named in the test output, to keep an eye on the run time.</summary>
    private static readonly TimeSpan SlowRequest = TimeSpan.FromSeconds(1);

    private readonly ITestOutputHelper _output;
    private readonly string _testName;
    private readonly string _lease;
    private readonly Func<FuzzSession, Task>? _prepare;
    private WeftProcess _server = null!;
    private DatabaseState _database = null!;
    private RequestSender _sender = null!;
    private int _restarts;

    private FuzzSession(ITestOutputHelper output, string testName, int seed, string origin, string lease, Func<FuzzSession, Task>? prepare)
    {
        _output = output;
        _testName = testName;
        _lease = lease;
        _prepare = prepare;
        Seed = seed;
        SeedOrigin = origin;
        Random = new FuzzRandom(seed);
    }

    public int Seed { get; }

    public string SeedOrigin { get; }

    public FuzzRandom Random { get; }

    /// <summary>The number of the case being run (from 1), shown with each failure.</summary>
    public int Case { get; set; }

    public ViolationLog Violations { get; } = new();

    /// <summary>How many times the server was replaced by a fresh one.</summary>
    public int Restarts => _restarts;

    public WeftProcess Server => _server;

    /// <param name="testName">The test class and method, for the replay command.</param>
    /// <param name="prepare">Builds the state the run needs (definitions, instances, jobs); run again after every restart.</param>
    /// <param name="lease">The server's default job lease: long, so that no lease expires in the background during a run.</param>
    public static async Task<FuzzSession> StartAsync(
        ITestOutputHelper output, SeedMode mode, string testName, Func<FuzzSession, Task>? prepare = null, string lease = "PT1H")
    {
        var (seed, origin) = FuzzSettings.SeedFor(mode);
        output.WriteLine($"Fuzz seed {seed} ({origin}). Replay: {ReplayCommand(seed, testName)}");
        var session = new FuzzSession(output, testName, seed, origin, lease, prepare);
        await session.StartServerAsync();
        return session;
    }

    /// <summary>
    /// Sends the request and checks it: the answer itself (<see cref="ProblemRules"/>), the server's life and memory,
    /// the database (unchanged after a 4xx; no unbounded value after a 2xx), and the read-backs of an accepted write.
    /// </summary>
    public async Task<FuzzAnswer> SendAsync(FuzzRequest request)
    {
        // The database is read (every table, when it changed) around writes only; reads are not checked for changes,
        // nor are writes sent while the lease sweeper may write too.
        var checkDatabase = request.IsWrite && !request.SweeperMayWrite;
        var before = checkDatabase ? _database.Read() : null;
        var mark = _server.LogMark;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answer = await _sender.SendAsync(request);
        if (clock.Elapsed > SlowRequest)
        {
            _output.WriteLine($"case {Case}: {clock.Elapsed.TotalSeconds:0.0} s for {request.Method} {Printable.Shorten(request.Path, 80)} [{request.Label}] → {answer.Status}");
        }
        if (answer.Status is null)
        {
            await Task.Delay(300); // A server that crashed on this request may take a moment to exit.
        }

        if (_server.HasExited)
        {
            Record(Properties.StaysAlive, request, answer, $"the server exited ({_server.ExitDescription()}); its last output:\n{Indent(_server.RecentLog(12))}");
            await RestartAsync();
            return answer;
        }

        foreach (var (property, observed) in ProblemRules.Check(request, answer))
        {
            var known = Violations.Has(property, request, Outcome(answer));
            Record(property, request, answer, known ? observed : observed + await ServerErrorAsync(answer, mark));
        }

        var broken = false;
        var (_, peak) = _server.Memory();
        if (peak > MemoryLimitBytes)
        {
            Record(Properties.MemoryBounded, request, answer, $"peak resident size {peak / (1024 * 1024):N0} MB");
            broken = true; // The peak never goes down: a fresh server, so that the next excess is blamed on its own input.
        }

        if (before is not null)
        {
            var after = _database.Read();
            var refused = answer.IsClientError || (answer.IsSuccess && request.RefusedWhen?.Invoke(answer) == true);
            if ((refused || request.ReadOnly is not null) && !ReferenceEquals(before, after) && after.DifferenceFrom(before) is { Length: > 0 } difference)
            {
                Record(refused ? Properties.RejectedChangesNothing : Properties.ReadOnlyChangesNothing, request, answer,
                    $"the database changed{(refused ? "" : $" ({request.ReadOnly})")}:\n{Indent(difference)}");
            }

            var oversized = after.Oversized.Except(before.Oversized).ToList();
            if (oversized.Count > 0)
            {
                Record(Properties.StorageBounded, request, answer, $"now stored: {string.Join("; ", oversized.Take(3))}");
            }
        }

        if (answer.IsSuccess && request.IsWrite && request.ReadBack is not null)
        {
            broken |= !await ReadBackAsync(request, answer);
        }
        else if (answer.Status >= 500 || (answer.Status is null && request.AnswerOptional is null))
        {
            broken |= !await ProbeAsync(request, answer, "after this request failed");
        }

        if (broken)
        {
            await RestartAsync();
        }

        return answer;
    }

    /// <summary>Records a broken property found by the test itself (e.g. an instance that never completed).</summary>
    public void Record(string property, FuzzRequest request, FuzzAnswer? answer, string observed, string? outcome = null)
    {
        var example = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"    seed {Seed}, case {Case}: {request}\n")
            .Append(CultureInfo.InvariantCulture, $"    answer: {answer?.ToString() ?? "(none)"}\n")
            .Append(CultureInfo.InvariantCulture, $"    broken: {observed}");
        Violations.Add(property, request, outcome ?? Outcome(answer), example.ToString());
    }

    /// <summary>Replaces the server by a fresh one on a new database and runs the prepare step again.</summary>
    public async Task RestartAsync()
    {
        if (++_restarts > MaxRestarts)
        {
            throw new XunitException($"The server had to be replaced more than {MaxRestarts} times; stopping here.{Summary()}");
        }

        await StopServerAsync();
        await StartServerAsync();
    }

    /// <summary>Fails the test with every distinct broken property, the seed and how to replay it.</summary>
    public void AssertNoViolations()
    {
        _output.WriteLine($"Seed {Seed}: {Case} cases, {Violations.Total} broken checks ({Violations.Distinct} distinct), {_restarts} server restart(s).");
        if (Violations.Distinct > 0)
        {
            var summary = Summary();
            _output.WriteLine(summary);
            throw new XunitException(summary);
        }
    }

    public async ValueTask DisposeAsync() => await StopServerAsync();

    private string Summary() =>
        $"\nFuzz found {Violations.Distinct} distinct failure(s) ({Violations.Total} in all) with seed {Seed} ({SeedOrigin}).\n" +
        $"Replay: {ReplayCommand(Seed, _testName)}\n{Violations.Report()}";

    private static string ReplayCommand(int seed, string testName) =>
        $"{FuzzSettings.SeedVariable}={seed} dotnet test tests/Weft.Fuzz.Tests -c Release --filter \"FullyQualifiedName~{testName}\" " +
        "(the Random case uses the variable; the Fixed case always uses the fixed seed)";

    private async Task StartServerAsync()
    {
        _server = await WeftProcess.StartAsync(_lease);
        _database = new DatabaseState(_server.DatabasePath);
        _sender = new RequestSender(_server.BaseAddress);
        if (_prepare is not null)
        {
            await _prepare(this);
        }
    }

    private async Task StopServerAsync()
    {
        _database?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>After an accepted write that has read-backs: they and the lists must answer 200. False when one did not.</summary>
    private async Task<bool> ReadBackAsync(FuzzRequest write, FuzzAnswer written)
    {
        var reads = write.ReadBack!(written).Concat(Probes());
        foreach (var read in reads)
        {
            var mark = _server.LogMark;
            var answer = await _sender.SendAsync(read);
            if (answer.Status != 200)
            {
                Record(Properties.ReadsBack, write, written,
                    $"then {read.Method} {Printable.Shorten(read.Path, 200)} answered {answer}{await ServerErrorAsync(answer, mark)}",
                    outcome: $"{Outcome(written)}, then {read.Method} {read.Route} → {Outcome(answer)}");
                return false;
            }
        }

        return true;
    }

    /// <summary>After a failed request: the server must still answer its lists. False when it does not.</summary>
    private async Task<bool> ProbeAsync(FuzzRequest request, FuzzAnswer failed, string when)
    {
        if (_server.HasExited)
        {
            Record(Properties.StaysAlive, request, failed, $"the server exited ({_server.ExitDescription()})");
            return false;
        }

        foreach (var probe in Probes())
        {
            var answer = await _sender.SendAsync(probe);
            if (answer.Status != 200)
            {
                Record(Properties.ReadsBack, request, failed, $"{when}, {probe.Method} {probe.Path} answered {answer}",
                    outcome: $"{Outcome(failed)}, then {probe.Method} {probe.Route} → {Outcome(answer)}");
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<FuzzRequest> Probes() =>
    [
        FuzzRequest.Get("/healthz", "/healthz", "probe"),
        FuzzRequest.Get("/v1/definitions?pageSize=5", "/v1/definitions", "probe"),
        FuzzRequest.Get("/v1/instances?pageSize=5", "/v1/instances", "probe"), // newest first: the instance just written

    ];

    /// <summary>For a 5xx: the first lines the server logged about it (the exception it hit), which says where to fix.</summary>
    private async Task<string> ServerErrorAsync(FuzzAnswer answer, int mark)
    {
        if (answer.Status is not null and < 500)
        {
            return "";
        }

        await Task.Delay(150); // The console logger writes on its own thread.
        var lines = _server.LogSince(mark)
            .Where(l => !l.StartsWith("      at ", StringComparison.Ordinal) && !l.TrimStart().StartsWith("at ", StringComparison.Ordinal))
            .Take(4)
            .Select(l => Printable.Shorten(l, 300))
            .ToList();
        return lines.Count == 0 ? "" : $"\n      server log:\n{Indent(string.Join('\n', lines), "        ")}";
    }

    private static string Outcome(FuzzAnswer? answer) => answer?.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer";

    private static string Indent(string text, string prefix = "      ") =>
        string.Join('\n', text.Split('\n').Select(l => prefix + l));
}
