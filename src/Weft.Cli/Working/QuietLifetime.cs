using Microsoft.Extensions.Hosting;

namespace Weft.Cli.Working;

/// <summary>
/// A host lifetime that installs no signal handlers and prints nothing: <c>weft worker</c> handles Ctrl-C and SIGTERM
/// itself (the first drains, the second aborts), which the console lifetime cannot.
/// </summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
