using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Weft.Cli.Tests.Support;

/// <summary>
/// A worker as a child process (<c>weft worker --module</c>, the Python worker): its log is collected line by line,
/// a test waits for a line, signals the process or waits for its end; disposing it kills it if it still runs.
/// </summary>
public abstract class WorkerProcess : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly bool _stdoutIsLog;
    private readonly StringBuilder _stdout = new();
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streamsOpen = 2;

    /// <param name="stdoutIsLog">Whether stdout is part of the log (as stderr always is), or kept apart in <see cref="StdOut"/>.</param>
    protected WorkerProcess(Process process, bool stdoutIsLog)
    {
        _process = process;
        _stdoutIsLog = stdoutIsLog;
        process.OutputDataReceived += (_, e) => OnOutput(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data, isError: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>The lines of the log so far.</summary>
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

    /// <summary>What the worker wrote to stdout, when that is not part of its log.</summary>
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
        GC.SuppressFinalize(this);
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

            if (isError || _stdoutIsLog)
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
