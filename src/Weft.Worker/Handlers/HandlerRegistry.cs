using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Weft.Worker.Tasks;

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

    /// <summary>
    /// Registers a task method under its name. For each job an instance method gets a new instance of its class (made
    /// with its public parameterless constructor, disposed after the job); a static method needs none.
    /// </summary>
    public HandlerRegistry Register(TaskMethod task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Register(task.Name, async (context, _) =>
        {
            if (task.IsStatic)
            {
                return await InvokeAsync(task, null, context);
            }

            var target = Activator.CreateInstance(task.DeclaringType)!;
            try
            {
                return await InvokeAsync(task, target, context);
            }
            finally
            {
                await DisposeAsync(target);
            }
        });
    }

    /// <summary>
    /// Registers a task method under its name; for each job an instance method's class is resolved from a new scope of
    /// <paramref name="services"/> (register it, e.g. as scoped), and the scope is disposed after the job.
    /// </summary>
    public HandlerRegistry Register(TaskMethod task, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(services);
        return Register(task.Name, async (context, _) =>
        {
            if (task.IsStatic)
            {
                return await InvokeAsync(task, null, context);
            }

            await using var scope = services.CreateAsyncScope();
            return await InvokeAsync(task, scope.ServiceProvider.GetRequiredService(task.DeclaringType), context);
        });
    }

    public bool TryGetHandler(string jobType, [NotNullWhen(true)] out Func<JobContext, CancellationToken, Task<JsonObject?>>? handler) =>
        _handlers.TryGetValue(jobType, out handler);

    /// <summary>
    /// Runs the task; an exception it throws (other than <see cref="NonRetryableException"/>) fails the job retryably
    /// with its type and message, e.g. <c>DivideByZeroException: Attempted to divide by zero.</c>
    /// </summary>
    private static async Task<JsonObject?> InvokeAsync(TaskMethod task, object? target, JobContext context)
    {
        try
        {
            return await task.InvokeAsync(target, context);
        }
        catch (Exception exception) when (exception is not NonRetryableException)
        {
            throw new TaskFailedException($"{exception.GetType().Name}: {exception.Message}", exception);
        }
    }

    private static async ValueTask DisposeAsync(object target)
    {
        if (target is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (target is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
