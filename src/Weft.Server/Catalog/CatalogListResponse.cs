using Weft.Engine.Catalog;

namespace Weft.Server.Catalog;

internal sealed record CatalogListResponse(IReadOnlyList<CatalogNamespace> Items);
