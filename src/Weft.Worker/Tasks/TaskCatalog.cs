using Weft.Worker.Client;

namespace Weft.Worker.Tasks;

/// <summary>Publishes the catalog of a set of task methods: one namespace for each namespace they are in.</summary>
public static class TaskCatalog
{
    /// <summary>The contract's rule for a namespace, to tell a person.</summary>
    public const string NamespaceRule = CatalogNames.NamespaceRule;

    /// <summary>Whether <paramref name="name"/> can name a catalog namespace: 1 to 128 characters of <c>A–Z a–z 0–9 . _ -</c>.</summary>
    public static bool IsNamespace(string? name) => CatalogNames.IsNamespace(name);

    /// <summary>
    /// The catalog entries of <paramref name="tasks"/> by namespace: each task's own (<see cref="TaskMethod.Namespace"/>),
    /// or all in <paramref name="namespace"/> when given.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CatalogTask>> ByNamespace(IEnumerable<TaskMethod> tasks, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (@namespace is not null && !CatalogNames.IsNamespace(@namespace))
        {
            throw new ArgumentException($"'{@namespace}' is not a catalog namespace: {CatalogNames.NamespaceRule}.", nameof(@namespace));
        }

        return tasks
            .GroupBy(task => @namespace ?? task.Namespace, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (IReadOnlyList<CatalogTask>)[.. group.Select(task => task.Catalog)], StringComparer.Ordinal);
    }

    /// <summary>
    /// Publishes each namespace of <see cref="ByNamespace"/> with <c>replace=true</c>: afterwards it holds exactly these
    /// tasks (a task removed from the code leaves the catalog). Returns the namespaces as the server stored them.
    /// </summary>
    public static async Task<IReadOnlyList<CatalogNamespace>> PublishAsync(
        WeftClient client, IEnumerable<TaskMethod> tasks, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var published = new List<CatalogNamespace>();
        foreach (var (name, entries) in ByNamespace(tasks, @namespace).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            published.Add(await client.PublishCatalogAsync(name, entries, replace: true, cancellationToken));
        }

        return published;
    }
}
