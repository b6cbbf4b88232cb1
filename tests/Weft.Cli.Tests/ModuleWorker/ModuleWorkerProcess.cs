using System.Diagnostics;
using System.Reflection;
using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

/// <summary>
/// <c>weft worker --module ...</c> as a child process. Its log is what it writes to stdout and
/// stderr, one line per entry.
/// </summary>
public sealed class ModuleWorkerProcess : WorkerProcess
{
    private ModuleWorkerProcess(Process process)
        : base(process, stdoutIsLog: true)
    {
    }

    /// <summary>The sample task module, as samples/Weft.Samples builds it (same configuration as these tests).</summary>
    public static string SampleModule { get; } = typeof(ModuleWorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WeftSamplesPath").Value!;

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
}
