using System.Diagnostics;
using System.Text;

namespace Weft.Cli.Tests.Support;

/// <summary>
/// A <c>weft server</c> child process, started and waited for until it answers <c>/healthz</c>. Disposing it kills it;
/// <see cref="Crash"/> kills it the way a power cut would (SIGKILL), so it cannot finish anything it was doing.
/// </summary>
/// <remarks>
/// Without an address the server listens on port 0 and the test reads the port it got from its "Now listening on"
/// line. A port picked in advance may be taken by another test process before the server binds it, and then the
/// other process's <c>/healthz</c> answers for a server that never started.
/// </remarks>
public sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private const string ListeningLine = "Now listening on: ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The address the server listens on; known once <see cref="StartAsync"/> has returned.</summary>
    public string Url { get; private set; } = "";

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>weft server --db DATABASE --urls URL ARGS</c> on a port the system picks, or on <paramref name="url"/>.</summary>
    public static async Task<ServerProcess> StartAsync(string database, string? url = null, params string[] args)
    {
        var server = new ServerProcess(WeftCli.Start(["server", "--db", database, "--urls", url ?? "http://127.0.0.1:0", .. args]));
        try
        {
            server.Url = await server.WaitUntilListeningAsync();
            await server.WaitUntilHealthyAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server as an operator or a service manager would (SIGTERM) and waits for it to end; its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL on Linux): no shutdown, no flush, no goodbye.</summary>
    public void Crash()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Crash();
        _process.Dispose();
    }

    private async Task<string> WaitUntilListeningAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(StartTimeout));
        if (first == _listening.Task)
        {
            return await _listening.Task;
        }

        Assert.Fail(first == exited
            ? $"weft server ended early with {_process.ExitCode}:\n{Output}"
            : $"weft server did not say where it listens within {StartTimeout.TotalSeconds} s:\n{Output}");
        return "";
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"weft server ended early with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync($"{Url}/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            Assert.True(deadline.Elapsed < StartTimeout, $"weft server did not answer /healthz within {StartTimeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }

        var at = line?.IndexOf(ListeningLine, StringComparison.Ordinal) ?? -1;
        if (at >= 0)
        {
            _listening.TrySetResult(line![(at + ListeningLine.Length)..].Trim());
        }
    }
}
