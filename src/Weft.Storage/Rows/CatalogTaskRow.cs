using System.Text.Json;
using Weft.Engine.Catalog;

namespace Weft.Storage.Rows;

internal sealed class CatalogTaskRow
{
    public string Namespace { get; set; } = "";
    public string Name { get; set; } = "";
    public string Document { get; set; } = "{}";

    public static CatalogTaskRow From(string @namespace, CatalogTask task) => new()
    {
        Namespace = @namespace,
        Name = task.Name,
        Document = JsonSerializer.Serialize(task, CatalogJson.Options),
    };

    public CatalogTask ToTask() => JsonSerializer.Deserialize<CatalogTask>(Document, CatalogJson.Options)!;
}
