using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Weft.Engine;
using Weft.Server.Hosting;
using Weft.Worker.Client;

namespace Weft.Server.Tests.Support;

/// <summary>The real Weft server on 127.0.0.1 (a free port) over a SQLite file in a temporary folder.</summary>
public sealed class WeftTestServer : IAsyncDisposable
{
    private readonly bool _ownsFolder;

    private WeftTestServer(WebApplication app, string folder, bool ownsFolder)
    {
        App = app;
        Folder = folder;
        _ownsFolder = ownsFolder;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Client = new WeftClient(new HttpClient { BaseAddress = BaseAddress });
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "weft.db");

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public WeftClient Client { get; }

    public WeftEngine Engine => App.Services.GetRequiredService<WeftEngine>();

    /// <param name="folder">Reuse a folder (and its database) of an earlier server; a new temporary one when null.</param>
    /// <param name="host">Extra registrations on the host, e.g. a logger provider.</param>
    public static async Task<WeftTestServer> StartAsync(
        TimeProvider? time = null, Action<WeftServerOptions>? configure = null, string? folder = null, Action<WebApplicationBuilder>? host = null)
    {
        var ownsFolder = folder is null;
        folder ??= Directory.CreateTempSubdirectory("weft-test-").FullName;
        var options = new WeftServerOptions { Database = Path.Combine(folder, "weft.db"), Urls = "http://127.0.0.1:0" };
        configure?.Invoke(options);
        var app = WeftServer.Build(options, time, host);
        await app.StartAsync();
        return new WeftTestServer(app, folder, ownsFolder);
    }

    /// <summary>Stops the server but keeps its database, for a restart on the same file.</summary>
    public async Task StopAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsFolder)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
