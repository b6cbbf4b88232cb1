using GraphQL.Types;
using Weft.Engine.Tokens;

namespace Weft.Server.GraphQL;

internal sealed class TokenType : ObjectGraphType<Token>
{
    public TokenType()
    {
        Name = "Token";
        Description = "Where an instance is: one per path (parallel branches have one each).";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("stepId").Resolve(c => c.Source.StepId);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => GraphTypes.Upper(c.Source.Status));
        Field<StringGraphType>("parentTokenId").Resolve(c => c.Source.ParentTokenId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("updatedAt").Resolve(c => c.Source.UpdatedAt);
    }
}
