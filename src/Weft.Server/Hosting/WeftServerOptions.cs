using Weft.Engine;

namespace Weft.Server.Hosting;

public sealed class WeftServerOptions
{
    /// <summary>
    /// A SQLite file path (the default, <c>weft.db</c>), or a PostgreSQL connection string (anything with '=', e.g.
    /// <c>Host=db;Database=weft;Username=weft;Password=…</c>), which many server nodes can share.
    /// </summary>
    public string Database { get; set; } = "weft.db";

    /// <summary>Where to listen; port 0 picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    public WeftEngineOptions Engine { get; set; } = new();

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How often expired job leases are taken back.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
