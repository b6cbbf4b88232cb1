using Weft.Server.Tests.Support;

namespace Weft.Cli.Tests.PythonWorker;

/// <summary>
/// A Weft server with one definition per sample task, and the Python worker running the sample module against it,
/// shared by the tests of a class: each test starts instances of its own.
/// </summary>
public sealed class SampleWorkerFixture : IAsyncLifetime
{
    public WeftTestServer Server { get; private set; } = null!;

    public WeftRest Rest { get; private set; } = null!;

    public PythonWorkerProcess Worker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await WeftTestServer.StartAsync();
        Rest = new WeftRest(Server.Http);
        await Rest.DeployOneStepAsync("py-echo", "echo");
        await Rest.DeployOneStepAsync("py-double", "double", retryCount: 2);
        await Rest.DeployOneStepAsync("py-report", "reporting_task");
        await Rest.DeployOneStepAsync("py-error", "error_placeholder", retryCount: 2);
        await Rest.DeployOneStepAsync("py-zero", "zero_division", retryCount: 1);
        Worker = PythonWorkerProcess.Start(null, "sample", "--server", Server.BaseAddress.ToString(), "--worker-id", "py-sample-tests", "--wait-ms", "5000");
        await Worker.WaitForLineAsync("published 5 task(s)");
    }

    public async Task DisposeAsync()
    {
        Worker.Dispose();
        await Server.DisposeAsync();
    }
}
