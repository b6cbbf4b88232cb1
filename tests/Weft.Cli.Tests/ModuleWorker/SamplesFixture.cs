using Weft.Cli.Tests.PythonWorker;
using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

/// <summary>
/// A Weft server with one definition per sample task, and <c>weft worker --module Weft.Samples.dll</c> running against
/// it, shared by the tests of a class: each test starts instances of its own.
/// </summary>
public sealed class SamplesFixture : IAsyncLifetime
{
    public const string WorkerId = "module-sample-tests";

    public WeftTestServer Server { get; private set; } = null!;

    public WeftRest Rest { get; private set; } = null!;

    public ModuleWorkerProcess Worker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await WeftTestServer.StartAsync();
        Rest = new WeftRest(Server.Http);
        await OneStep.DeployAsync(Rest, "cs-echo", "echo");
        await OneStep.DeployAsync(Rest, "cs-double", "double", retryCount: 2);
        await OneStep.DeployAsync(Rest, "cs-report", "reporting_task");
        await OneStep.DeployAsync(Rest, "cs-error", "error_placeholder", retryCount: 2);
        await OneStep.DeployAsync(Rest, "cs-zero", "zero_division", retryCount: 1);
        Worker = await ModuleWorkerProcess.StartedSamplesAsync(Server.BaseAddress, "--worker-id", WorkerId);
    }

    public async Task DisposeAsync()
    {
        Worker.Dispose();
        await Server.DisposeAsync();
    }
}
