using Weft.Engine;
using Weft.Server.Auth;

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

    /// <summary>
    /// The API keys; none (the default) leaves the server open, as for a local run. With keys every route but
    /// <c>/healthz</c> needs one.
    /// </summary>
    public IList<ApiKey> ApiKeys { get; } = [];

    /// <summary>How many wrong keys one remote address may send in a burst (refilled over a minute) before it gets 429.</summary>
    public int WrongKeysPerMinute { get; set; } = 20;
}
