using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Weft.Worker.Handlers;

/// <summary>
/// Maps job types to handlers. A handler returns the variables to merge into the instance (null = none),
/// throws <see cref="NonRetryableException"/> for a failure that retrying cannot fix, or any other exception
/// for a retryable failure.
/// </summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, Func<JobContext, CancellationToken, Task<JsonObject?>>> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> JobTypes => _handlers.Keys;

    /// <summary>Registers an asynchronous handler; the token is the job's <see cref="JobContext.CancellationToken"/>.</summary>
    public HandlerRegistry Register(string jobType, Func<JobContext, CancellationToken, Task<JsonObject?>> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        ArgumentNullException.ThrowIfNull(handler);
        if (!_handlers.TryAdd(jobType, handler))
        {
            throw new ArgumentException($"A handler for job type '{jobType}' is already registered.", nameof(jobType));
        }

        return this;
    }

    /// <summary>
    /// Registers a synchronous handler; it runs on the thread pool. (There is deliberately no async overload
    /// without the token: <c>_ => null</c> would match both.)
    /// </summary>
    public HandlerRegistry Register(string jobType, Func<JobContext, JsonObject?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(jobType, (context, _) => Task.FromResult(handler(context)));
    }

    public bool TryGetHandler(string jobType, [NotNullWhen(true)] out Func<JobContext, CancellationToken, Task<JsonObject?>>? handler) =>
        _handlers.TryGetValue(jobType, out handler);
}
