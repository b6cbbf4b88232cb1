using GraphQL.Types;
using Weft.Engine.Storage;

namespace Weft.Server.GraphQL;

/// <summary>A page of a listing: its items, and where it is in the whole (total counts every match).</summary>
internal abstract class PageType<TItem, TItemType> : ObjectGraphType<PagedResult<TItem>>
    where TItemType : IGraphType
{
    protected PageType(string name)
    {
        Name = name;
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TItemType>>>>("items").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<IntGraphType>>("page").Resolve(c => c.Source.Page);
        Field<NonNullGraphType<IntGraphType>>("pageSize").Resolve(c => c.Source.PageSize);
        Field<NonNullGraphType<LongGraphType>>("total").Resolve(c => c.Source.Total);
    }
}
