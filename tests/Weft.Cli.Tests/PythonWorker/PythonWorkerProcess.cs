using System.Diagnostics;
using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.PythonWorker;

/// <summary>
/// <c>python3 workers/python/weft_worker.py ARGS</c> as a child process, run in a folder of the test's choice (the
/// sample module's by default) with the sample module on PYTHONPATH. Its stderr is the worker's log; its stdout is
/// kept apart (<see cref="WorkerProcess.StdOut"/>).
/// </summary>
public sealed class PythonWorkerProcess : WorkerProcess
{
    private PythonWorkerProcess(Process process)
        : base(process, stdoutIsLog: false)
    {
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
}
