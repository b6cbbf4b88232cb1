using Weft.Engine.Storage;

namespace Weft.Engine.Catalog;

/// <summary>The task catalog: what workers publish about their tasks, one namespace per worker module.</summary>
public sealed class CatalogService(IWeftStore store, TimeProvider time)
{
    /// <summary>
    /// Publishes <paramref name="tasks"/> to <paramref name="namespace"/>: added, or replacing the tasks of the same
    /// name while the namespace's other tasks stay; with <paramref name="replace"/>, the namespace holds exactly
    /// these tasks afterwards (none empties it). Returns the namespace as it now is.
    /// </summary>
    public async Task<CatalogNamespace> PublishAsync(
        string @namespace, IReadOnlyList<CatalogTask?>? tasks, bool replace, CancellationToken cancellationToken = default)
    {
        var published = CatalogRules.Check(@namespace, tasks);
        await using var transaction = await store.BeginAsync(cancellationToken);
        var current = await transaction.LoadCatalogNamespaceAsync(@namespace);
        var names = published.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var kept = replace || current is null ? [] : current.Tasks.Where(t => !names.Contains(t.Name));
        var updated = new CatalogNamespace(@namespace, Sorted(kept.Concat(published)), time.UtcNowMillis());
        await transaction.SaveCatalogNamespaceAsync(updated);
        await transaction.CommitAsync();
        return updated;
    }

    /// <summary>Every namespace, sorted by name, each with its tasks sorted by name.</summary>
    public async Task<IReadOnlyList<CatalogNamespace>> ListAsync(CancellationToken cancellationToken = default) =>
        (await store.ListCatalogAsync(cancellationToken))
            .Select(n => n with { Tasks = Sorted(n.Tasks) })
            .OrderBy(n => n.Namespace, StringComparer.Ordinal)
            .ToList();

    public async Task<CatalogNamespace> GetAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        CatalogRules.CheckNamespace(@namespace);
        var found = await store.GetCatalogNamespaceAsync(@namespace, cancellationToken)
            ?? throw WeftException.NotFound($"The catalog has no namespace '{@namespace}'. Workers publish one with PUT /v1/catalog/{@namespace}; GET /v1/catalog lists them.");
        return found with { Tasks = Sorted(found.Tasks) };
    }

    private static List<CatalogTask> Sorted(IEnumerable<CatalogTask> tasks) => tasks.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
}
