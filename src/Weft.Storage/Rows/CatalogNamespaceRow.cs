using Weft.Engine.Catalog;

namespace Weft.Storage.Rows;

internal sealed class CatalogNamespaceRow
{
    public string Namespace { get; set; } = "";
    public long UpdatedAt { get; set; }

    public static CatalogNamespaceRow From(CatalogNamespace n) => new() { Namespace = n.Namespace, UpdatedAt = RowConvert.ToMillis(n.UpdatedAt) };

    public CatalogNamespace ToNamespace(IEnumerable<CatalogTaskRow> tasks) =>
        new(Namespace, tasks.Select(t => t.ToTask()).ToList(), RowConvert.FromMillis(UpdatedAt));
}
