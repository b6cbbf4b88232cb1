using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

/// <summary>
/// <c>weft worker --module ...</c> as a child process. What it writes to stdout and stderr (its log, one line per
/// entry) is collected line by line; disposing it kills it if it still runs.
/// </summary>
public sealed class ModuleWorkerProcess : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streamsOpen = 2;

    private ModuleWorkerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The sample task module, as samples/Weft.Samples builds it (same configuration as these tests).</summary>
    public static string SampleModule { get; } = typeof(ModuleWorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WeftSamplesPath").Value!;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Log => string.Join('\n', Lines);

    /// <summary>Starts <c>weft worker --module SAMPLES --server URL ARGS</c>.</summary>
    public static ModuleWorkerProcess StartSamples(Uri server, params string[] args) =>
        Start(["--module", SampleModule, "--server", server.ToString(), .. args]);

    /// <summary>Starts <c>weft worker ARGS</c>.</summary>
    public static ModuleWorkerProcess Start(params string[] args) => new(WeftCli.Start(["worker", .. args]));

    /// <summary>Starts the sample module and waits until it has published its catalog and runs.</summary>
    public static async Task<ModuleWorkerProcess> StartedSamplesAsync(Uri server, params string[] args)
    {
        var worker = StartSamples(server, args);
        try
        {
            await worker.WaitForLineAsync("runs 5 task(s) of Weft.Samples.dll");
            await worker.WaitForLineAsync("polling for job types");
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the worker writes a line containing every fragment; returns that line.</summary>
    public async Task<string> WaitForLineAsync(params string[] fragments)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var line = Lines.FirstOrDefault(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal)));
            if (line is not null)
            {
                return line;
            }

            Assert.True(deadline.Elapsed < DefaultTimeout, $"the worker wrote no line with '{string.Join("', '", fragments)}' within {DefaultTimeout.TotalSeconds} s:\n{Log}");
            if (_exited.Task.IsCompleted)
            {
                await _process.WaitForExitAsync();
                Assert.Fail($"the worker ended (exit code {_process.ExitCode}) without writing '{string.Join("', '", fragments)}':\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends a signal ("TERM", "INT", "STOP", "CONT", "KILL") with the system's <c>kill</c>.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -{name} {_process.Id} failed with {kill.ExitCode}.");
    }

    /// <summary>Waits for the worker to end (and for its output to be read); its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        var finished = await Task.WhenAny(_exited.Task, Task.Delay(DefaultTimeout));
        Assert.True(finished == _exited.Task, $"the worker did not end within {DefaultTimeout.TotalSeconds} s:\n{Log}");
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        lock (_lines)
        {
            if (line is null)
            {
                // Both streams closed: the process ended and everything it wrote has been read.
                if (--_streamsOpen == 0)
                {
                    _exited.TrySetResult();
                }

                return;
            }

            _lines.Add(line);
        }
    }
}
