using GraphQL.Types;

namespace Weft.Server.GraphQL;

internal sealed class InstanceFilterType : InputObjectGraphType
{
    public InstanceFilterType()
    {
        Name = "InstanceFilter";
        Field<StringGraphType>("definitionId");
        Field<StringGraphType>("status").Description("ACTIVE, WAITING, SUSPENDED, COMPLETED, FAILED or CANCELLED.");
        Field<StringGraphType>("businessKey");
    }
}
