using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Cli.Tests.PythonWorker;
using Weft.Cli.Tests.Support;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.Client;

/// <summary><c>weft watch</c> as a real process, piped (one line per change), against a real server.</summary>
public sealed class WatchCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _output = new();
    private WeftTestServer _server = null!;
    private WeftRest _rest = null!;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        _rest = new WeftRest(_server.Http);
        await _rest.DeployOneStepAsync("watched", "pack");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Watch_prints_each_state_change_and_progress_report_of_a_run_and_stops_cleanly_on_ctrl_c()
    {
        using var watch = Start("watch", "--server", _server.BaseAddress.ToString());
        await WaitForLineAsync("0 unfinished instance(s)");

        await StartAsync("order-7");
        await _rest.PostAsync("/v1/commands", new JsonObject { ["command"] = "hold", ["args"] = new JsonObject { ["selector"] = "order-7/run" } });
        await _rest.PostAsync("/v1/commands", new JsonObject { ["command"] = "release", ["args"] = new JsonObject { ["selector"] = "order-7/run" } });
        var polled = await _rest.PostAsync("/v1/jobs/poll", new JsonObject { ["workerId"] = "w1", ["jobTypes"] = new JsonArray("pack"), ["maxJobs"] = 1 });
        var jobId = (string)polled!["jobs"]![0]!["id"]!;
        await _rest.PostAsync($"/v1/jobs/{jobId}/progress", new JsonObject { ["workerId"] = "w1", ["percent"] = 40, ["message"] = "2 of 5 boxes" });
        await _rest.PostAsync($"/v1/jobs/{jobId}/complete", new JsonObject { ["workerId"] = "w1" });

        await WaitForLineAsync("watched order-7  started → ACTIVE");
        await WaitForLineAsync("watched order-7  run: held");
        await WaitForLineAsync("watched order-7  run: released");
        await WaitForLineAsync("watched order-7  run: taken by w1");
        await WaitForLineAsync("watched order-7  run: 40% 2 of 5 boxes");
        await WaitForLineAsync("watched order-7  run: completed");
        await WaitForLineAsync("watched order-7  completed → COMPLETED");

        Signal(watch, "INT");
        using var stop = new CancellationTokenSource(Patience);
        await watch.WaitForExitAsync(stop.Token);
        Assert.True(watch.ExitCode == 0, $"exit code {watch.ExitCode}\n{Output()}");
        Assert.Contains("Stopped.", Output(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_of_one_instance_prints_nothing_of_another()
    {
        var watched = await StartAsync("order-b");
        using var watch = Start("watch", "--server", _server.BaseAddress.ToString(), "--instance", watched);
        await WaitForLineAsync("1 unfinished instance(s)");

        await StartAsync("order-a");
        await RunJobAsync(); // order-b's job, the older one
        await RunJobAsync(); // order-a's

        // Events come in commit order, so once order-b's end is printed, anything of order-a would have been too.
        await WaitForLineAsync("watched order-b  completed → COMPLETED");
        Signal(watch, "INT");
        Assert.DoesNotContain("order-a", Output(), StringComparison.Ordinal);
    }

    private async Task<string> StartAsync(string businessKey) =>
        (string)(await _rest.PostAsync("/v1/instances", new JsonObject { ["definitionId"] = "watched", ["businessKey"] = businessKey }))!["id"]!;

    private async Task RunJobAsync()
    {
        var polled = await _rest.PostAsync("/v1/jobs/poll", new JsonObject { ["workerId"] = "w1", ["jobTypes"] = new JsonArray("pack"), ["maxJobs"] = 1 });
        await _rest.PostAsync($"/v1/jobs/{(string)polled!["jobs"]![0]!["id"]!}/complete", new JsonObject { ["workerId"] = "w1" });
    }

    private Process Start(params string[] args)
    {
        var process = WeftCli.Start(args);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private async Task WaitForLineAsync(string fragment)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output().Contains(fragment, StringComparison.Ordinal))
        {
            Assert.True(deadline.Elapsed < Patience, $"weft watch printed no '{fragment}' within {Patience.TotalSeconds} s:\n{Output()}");
            await Task.Delay(50);
        }
    }

    private static void Signal(Process process, string name)
    {
        using var kill = Process.Start("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
