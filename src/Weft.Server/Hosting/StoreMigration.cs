using Microsoft.Extensions.Hosting;
using Weft.Engine.Storage;

namespace Weft.Server.Hosting;

/// <summary>Brings the database schema up to date before the server takes requests.</summary>
internal sealed class StoreMigration(IWeftStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
