using GraphQL.Types;
using Weft.Engine.Definitions;

namespace Weft.Server.GraphQL;

internal sealed class DefinitionType : ObjectGraphType<WorkflowDefinition>
{
    public DefinitionType()
    {
        Name = "Definition";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Version);
        Field<StringGraphType>("name").Resolve(c => c.Source.Name);
        Field<StringGraphType>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("stepIds").Resolve(c => c.Source.Steps.Select(s => s.Id).ToList());
        Field<NonNullGraphType<StringGraphType>>("document").Description("The whole definition as JSON text.")
            .Resolve(c => System.Text.Json.JsonSerializer.Serialize(c.Source, Weft.Server.Hosting.DocumentAnswers.Options));
        Field<DateTimeOffsetGraphType>("uploadedAt").Resolve(c => c.Source.UploadedAt);
    }
}
