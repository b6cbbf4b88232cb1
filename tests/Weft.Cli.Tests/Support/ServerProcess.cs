using System.Diagnostics;
using System.Text;

namespace Weft.Cli.Tests.Support;

/// <summary>
/// A <c>weft server</c> child process, started and waited for until it answers <c>/healthz</c>. Disposing it kills it;
/// <see cref="Crash"/> kills it the way a power cut would (SIGKILL), so it cannot finish anything it was doing.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Url { get; }

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

    /// <summary>Starts <c>weft server --db DATABASE --urls URL ARGS</c> on a free port, or on <paramref name="url"/>.</summary>
    public static async Task<ServerProcess> StartAsync(string database, string? url = null, params string[] args)
    {
        url ??= $"http://127.0.0.1:{FreePort.Next()}";
        var server = new ServerProcess(WeftCli.Start(["server", "--db", database, "--urls", url, .. args]), url);
        try
        {
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
    }
}
