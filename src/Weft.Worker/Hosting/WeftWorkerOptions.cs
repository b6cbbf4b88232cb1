using Weft.Worker.Running;

namespace Weft.Worker.Hosting;

/// <summary>
/// The options of a worker in a generic host (<see cref="WeftWorkerServiceCollectionExtensions.AddWeftWorker"/>): where
/// the server is, the catalog namespace, and every <see cref="RunnerOptions">runner option</see>. Checked when the host
/// starts.
/// </summary>
public sealed class WeftWorkerOptions : RunnerOptions
{
    /// <summary>The Weft server's URL, e.g. <c>http://127.0.0.1:8080</c>. Required.</summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>The API key sent as <c>Authorization: Bearer</c>; null: the one in <c>WEFT_API_KEY</c>, if any.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The catalog namespace every task is published to; null: each task class's <c>[WeftModule]</c> namespace, else
    /// its assembly's name.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>Publish the tasks' catalog when the worker starts (<c>PUT /v1/catalog/{namespace}?replace=true</c>). Default true.</summary>
    public bool PublishCatalog { get; set; } = true;
}
