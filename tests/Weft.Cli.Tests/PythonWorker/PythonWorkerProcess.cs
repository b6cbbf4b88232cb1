using System.Diagnostics;
using System.Text;

namespace Weft.Cli.Tests.PythonWorker;

/// <summary>
/// <c>python3 workers/python/weft_worker.py ARGS</c> as a child process, run in a folder of the test's choice (the
/// sample module's by default) with the sample module on PYTHONPATH. Its stderr (the worker's log) is collected
/// line by line; disposing it kills it if it still runs.
/// </summary>
public sealed class PythonWorkerProcess : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streamsOpen = 2;

    private PythonWorkerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnOutput(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data, isError: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>The lines the worker wrote to stderr so far.</summary>
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

    public string StdOut
    {
        get
        {
            lock (_lines)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Starts the worker with <paramref name="args"/> (the module first), in <paramref name="folder"/>.</summary>
    public static PythonWorkerProcess Start(string? folder, params string[] args)
    {
        var info = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = folder ?? RepositoryFiles.SampleFolder,
        };
        info.ArgumentList.Add(RepositoryFiles.WorkerScript);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Lines as soon as they are written, no __pycache__ folders left in the repository, and a sample module
        // that test modules in other folders can import.
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.Environment["PYTHONPATH"] = RepositoryFiles.SampleFolder;
        info.Environment["WEFT_SERVER"] = null;
        return new PythonWorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("python3 could not be started."));
    }

    /// <summary>Runs the worker to its end: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string StdErr)> RunAsync(string? folder, params string[] args)
    {
        using var worker = Start(folder, args);
        var exitCode = await worker.WaitForExitAsync();
        return (exitCode, string.Join('\n', worker.Lines));
    }

    /// <summary>Waits until the worker logs a line containing every fragment; returns that line.</summary>
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

            Assert.True(deadline.Elapsed < DefaultTimeout, $"the worker logged no line with '{string.Join("', '", fragments)}' within {DefaultTimeout.TotalSeconds} s:\n{Log}");
            if (_exited.Task.IsCompleted)
            {
                await _process.WaitForExitAsync();
                Assert.Fail($"the worker ended (exit code {_process.ExitCode}) without logging '{string.Join("', '", fragments)}':\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends a signal (e.g. "TERM", "INT") to the worker with the system's <c>kill</c>.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
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

    private void OnOutput(string? line, bool isError)
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

            if (isError)
            {
                _lines.Add(line);
            }
            else
            {
                _stdout.AppendLine(line);
            }
        }
    }
}
