using GraphQL.Builders;
using GraphQL.Types;

namespace Weft.Server.GraphQL;

internal static class PageArgumentsExtensions
{
    public static FieldBuilder<TSource, TReturn> PageArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.Argument<IntGraphType>("page", "The page, from 0 (default 0).")
            .Argument<IntGraphType>("pageSize", $"Items per page, 1 to {GraphLimits.MaxPageSize} (default 20).");
}
