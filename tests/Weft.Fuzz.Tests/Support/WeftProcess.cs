using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Weft.Fuzz.Tests.Support;

/// <summary>
/// The real <c>weft server</c> as a child process on a fresh SQLite file. Whatever hostile input does to it, the
/// test host survives: its GC heap is capped and a watchdog kills it when its memory passes <see cref="WatchdogBytes"/>.
/// </summary>
public sealed class WeftProcess : IAsyncDisposable
{
    /// <summary>Above this resident size the watchdog kills the server, so that a memory bomb cannot take the machine down.</summary>
    public const long WatchdogBytes = 1536L * 1024 * 1024;

    /// <summary>The server's GC heap limit: a second guard behind the watchdog (DOTNET_GCHeapHardLimit).</summary>
    private const string HeapHardLimit = "0x80000000";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly string DllPath = FindDll();

    private readonly Process _process;
    private readonly string _folder;
    private readonly List<string> _log = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watchdog;

    private const string ListeningLine = "Now listening on: ";

    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WeftProcess(Process process, string folder)
    {
        _process = process;
        _folder = folder;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _watchdog = Task.Run(WatchAsync);
    }

    /// <summary>
    /// Where the server listens. It binds port 0 and says which port it got: a port picked in advance could be taken
    /// by another test process first, whose <c>/healthz</c> would then answer for a server that never started.
    /// </summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string DatabasePath => Path.Combine(_folder, "weft.db");

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Why the watchdog killed the server, or null.</summary>
    public string? KilledBecause { get; private set; }

    /// <summary>How many lines the server has printed so far; pass it to <see cref="LogSince"/>.</summary>
    public int LogMark
    {
        get
        {
            lock (_log)
            {
                return _log.Count;
            }
        }
    }

    /// <param name="lease">The default job lease (<c>--lease</c>).</param>
    public static async Task<WeftProcess> StartAsync(string lease = "PT1H")
    {
        for (var attempt = 1; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("weft-fuzz-").FullName;
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = folder,
            };
            foreach (var arg in new[] { DllPath, "server", "--db", Path.Combine(folder, "weft.db"), "--urls", "http://127.0.0.1:0", "--lease", lease, "--contact-dir", folder })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["NO_COLOR"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            info.Environment["DOTNET_GCHeapHardLimit"] = HeapHardLimit;
            info.Environment["DOTNET_gcServer"] = "0";
            var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started.");
            var server = new WeftProcess(process, folder);
            if (await server.WaitUntilHealthyAsync())
            {
                return server;
            }

            var log = server.RecentLog(20);
            await server.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"weft server did not start.\n{log}");
            }
        }
    }

    /// <summary>The resident size now and its peak so far (VmRSS and VmHWM of /proc/PID/status), in bytes; 0 when gone.</summary>
    public (long Rss, long Peak) Memory()
    {
        try
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = KiloBytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = KiloBytes(line) * 1024;
                }
            }

            return (rss, peak);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    /// <summary>The lines the server printed since <paramref name="mark"/> (see <see cref="LogMark"/>).</summary>
    public IReadOnlyList<string> LogSince(int mark)
    {
        lock (_log)
        {
            return _log.Skip(mark).ToList();
        }
    }

    public string RecentLog(int lines)
    {
        lock (_log)
        {
            return string.Join('\n', _log.Skip(Math.Max(0, _log.Count - lines)));
        }
    }

    public string ExitDescription() => _process.HasExited
        ? $"exit code {_process.ExitCode}{(KilledBecause is null ? "" : $"; {KilledBecause}")}"
        : "still running";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watchdog;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temporary folders.
        }
    }

    private async Task<bool> WaitUntilHealthyAsync()
    {
        var first = await Task.WhenAny(_listening.Task, _process.WaitForExitAsync(), Task.Delay(StartTimeout));
        if (first != _listening.Task)
        {
            return false;
        }

        BaseAddress = await _listening.Task;
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer on a busy machine: ask again.
            }

            await Task.Delay(50);
        }

        return false;
    }

    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested && !_process.HasExited)
        {
            var (rss, _) = Memory();
            if (rss > WatchdogBytes)
            {
                KilledBecause = $"the test's watchdog killed it at a resident size of {rss / (1024 * 1024)} MB";
                _process.Kill(entireProcessTree: true);
                return;
            }

            try
            {
                await Task.Delay(25, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
        }

        var at = line.IndexOf(ListeningLine, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + ListeningLine.Length)..].Trim()));
        }
    }

    private static long KiloBytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static string FindDll()
    {
        var built = typeof(WeftProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "WeftCliPath")?.Value;
        return built is not null && File.Exists(built)
            ? built
            : throw new FileNotFoundException($"weft.dll was not found at {built}. Build src/Weft.Cli first.");
    }
}
