using GraphQL.Types;
using Weft.Engine.Catalog;

namespace Weft.Server.GraphQL;

internal sealed class CatalogNamespaceType : ObjectGraphType<CatalogNamespace>
{
    public CatalogNamespaceType()
    {
        Name = "CatalogNamespace";
        Description = "One worker module's part of the task catalog.";
        Field<NonNullGraphType<StringGraphType>>("namespace").Resolve(c => c.Source.Namespace);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("updatedAt").Resolve(c => c.Source.UpdatedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("taskNames").Resolve(c => c.Source.Tasks.Select(t => t.Name).ToList());
        Field<NonNullGraphType<StringGraphType>>("tasks").Description("The tasks as JSON text (inputs, outputs, descriptions).")
            .Resolve(c => System.Text.Json.JsonSerializer.Serialize(c.Source.Tasks, Weft.Server.Hosting.DocumentAnswers.Options));
    }
}
