using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.Serving;

public sealed class ServerCommandTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DemoTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollGap = TimeSpan.FromMilliseconds(100);

    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Server_with_demo_completes_the_sample_instances_and_stops_cleanly_on_SIGTERM()
    {
        var database = Path.Combine(_folder.Path, "weft.db");
        using var server = WeftCli.Start("server", "--db", database, "--urls", "http://127.0.0.1:0", "--demo");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (stdout) { stdout.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        string Output() { lock (stdout) { lock (stderr) { return $"--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"; } } }

        // Port 0: the server says which port it got, so no other test process can hold the port first.
        var url = "";
        try
        {
            await PollUntilAsync(StartTimeout, () => server.HasExited ? throw new Xunit.Sdk.XunitException($"weft server ended early.\n{Output()}")
                : Task.FromResult(ListeningAt(Output()) is { } at && (url = at) != ""), () => $"weft server did not say where it listens.\n{Output()}");
            await PollUntilAsync(StartTimeout, async () => server.HasExited ? throw new Xunit.Sdk.XunitException($"weft server ended early.\n{Output()}")
                : await AnswersAsync($"{url}/healthz"), () => $"weft server did not answer /healthz.\n{Output()}");

            await PollUntilAsync(DemoTimeout, async () => await CountAsync($"{url}/v1/instances?definitionId=order-pipeline&status=COMPLETED") == 3,
                () => $"the demo's 3 order-pipeline instances did not all complete.\n{Output()}");
            Assert.Equal(3, await CountAsync($"{url}/v1/instances?definitionId=order-pipeline"));
            Assert.True(await AnswersAsync($"{url}/v1/definitions/order-pipeline"), Output());
            Assert.True(await AnswersAsync($"{url}/v1/definitions/doubling"), Output());
            // The demo prints how to start an instance once it has reported its own; stop it only after that.
            await PollUntilAsync(DemoTimeout, () => Task.FromResult(Output().Contains("Stop the server", StringComparison.Ordinal)),
                () => $"the demo did not print its instructions.\n{Output()}");
            var doubled = JsonNode.Parse(await _http.GetStringAsync($"{url}/v1/instances?businessKey=demo-order-1"))!["items"]![0]!;
            Assert.Equal(14, (int)doubled["variables"]!["value"]!);

            await SendSigtermAsync(server.Id);
            using var stop = new CancellationTokenSource(StopTimeout);
            await server.WaitForExitAsync(stop.Token);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }

        Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode}\n{Output()}");
        Assert.Contains($"  weft start order-pipeline --var value=21 --server {url}\n", Output(), StringComparison.Ordinal);
        Assert.Contains($"Now listening on: {url}", Output(), StringComparison.Ordinal); // what scripts and the benchmark read
        Assert.Contains("Application is shutting down...", Output(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Output(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", Output(), StringComparison.Ordinal);
        Assert.False(await AnswersAsync($"{url}/healthz"), "the server still answers after it exited");
    }

    [Fact]
    public async Task Server_with_a_connection_string_to_no_server_exits_2_in_one_line_without_the_password()
    {
        var port = FreePort.Next();
        var result = await WeftCli.RunAsync(
            "server", "--db", $"Host=127.0.0.1;Port={port};Database=orders;Username=weft;Password=hunter2;Timeout=5", "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        CliAssert.RefusedUsage(result, "PostgreSQL", $"'orders' on 127.0.0.1:{port}", "refused", "--db");
        Assert.DoesNotContain("hunter2", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Server_with_a_connection_string_it_cannot_read_exits_2_in_one_line_without_the_password()
    {
        var result = await WeftCli.RunAsync("server", "--db", "Hots=db;Password=hunter2", "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        CliAssert.RefusedUsage(result, "PostgreSQL connection string", "hots", "Host=");
        Assert.DoesNotContain("hunter2", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("", result.StdOut);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("PT0.05S")]
    [InlineData("PT2M")]
    public async Task Server_with_a_poll_recheck_out_of_bounds_exits_2_and_gives_the_bounds(string recheck)
    {
        var result = await WeftCli.RunAsync("server", "--db", Path.Combine(_folder.Path, "weft.db"), "--poll-recheck", recheck);

        CliAssert.RefusedUsage(result, $"--poll-recheck '{recheck}'", "PT0.1S to PT1M");
        Assert.False(File.Exists(Path.Combine(_folder.Path, "weft.db")), "a database was created although the server did not start");
    }

    [Theory]
    [InlineData("30")]
    [InlineData("PT0S")]
    public async Task Server_with_a_lease_that_is_not_a_positive_duration_exits_non_zero_and_gives_an_example(string lease)
    {
        var result = await WeftCli.RunAsync("server", "--db", Path.Combine(_folder.Path, "weft.db"), "--lease", lease);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"--lease '{lease}'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("PT30S", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "weft.db")), "a database was created although the server did not start");
        CliAssert.NoStackTrace(result);
    }

    [Theory]
    [InlineData("bogus", "not a URL to listen on")]
    [InlineData("http://127.0.0.1:99999", "port outside 0-65535")]
    [InlineData("https://127.0.0.1:0", "plain HTTP")]
    public async Task Server_with_urls_it_cannot_listen_on_exits_2_in_one_line(string urls, string reason)
    {
        var result = await WeftCli.RunAsync("server", "--db", Path.Combine(_folder.Path, "weft.db"), "--urls", urls);

        CliAssert.RefusedUsage(result, $"--urls '{urls}'", reason, "http://127.0.0.1:8080");
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Server_with_a_db_that_is_not_sqlite_exits_2_in_one_line_and_leaves_the_file_alone()
    {
        var text = _folder.Write("notes.txt", "these are my notes, not a database\n");

        var result = await WeftCli.RunAsync("server", "--db", text, "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        CliAssert.RefusedUsage(result, text, "is not a SQLite database", "--db");
        Assert.Equal("", result.StdOut);
        Assert.Equal("these are my notes, not a database\n", File.ReadAllText(text));
    }

    [Fact]
    public async Task Server_with_a_db_that_is_a_directory_exits_2_in_one_line()
    {
        var result = await WeftCli.RunAsync("server", "--db", _folder.Path, "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        CliAssert.RefusedUsage(result, _folder.Path, "is a directory", "--db");
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task Server_on_a_port_in_use_exits_2_with_one_line_and_prints_nothing_on_stdout()
    {
        using var other = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        other.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)other.LocalEndpoint).Port}";

        var result = await WeftCli.RunAsync("server", "--db", Path.Combine(_folder.Path, "weft.db"), "--urls", url);

        CliAssert.RefusedUsage(result, url, "already in use", "--urls");
        Assert.Equal("", result.StdOut);
    }

    /// <summary>The address of the server's "Now listening on" line, or null before it has printed one.</summary>
    private static string? ListeningAt(string output)
    {
        const string line = "Now listening on: ";
        var at = output.IndexOf(line, StringComparison.Ordinal);
        return at < 0 ? null : output[(at + line.Length)..].Split('\n', 2)[0].Trim();
    }

    private async Task<bool> AnswersAsync(string url)
    {
        try
        {
            using var response = await _http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private async Task<long> CountAsync(string url) => (long)JsonNode.Parse(await _http.GetStringAsync(url))!["total"]!;

    private static async Task PollUntilAsync(TimeSpan timeout, Func<Task<bool>> condition, Func<string> describe)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"after {timeout.TotalSeconds} s: {describe()}");
            }

            await Task.Delay(PollGap);
        }
    }

    /// <summary>SIGTERM, as systemd, Docker or Kubernetes stop a service (<see cref="Process.Kill()"/> is SIGKILL).</summary>
    private static async Task SendSigtermAsync(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
