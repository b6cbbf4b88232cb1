using GraphQL;
using GraphQL.Types;
using Weft.Engine;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;
using Weft.Engine.UserTasks;

namespace Weft.Server.GraphQL;

/// <summary>The root of the read-only schema: every field calls an engine service or a store read.</summary>
internal sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Field<NonNullGraphType<DefinitionPageType>>("definitions")
            .Argument<StringGraphType>("keyword").PageArguments()
            .ResolveAsync(async c => await GraphContext.EngineOf(c).Definitions.ListAsync(c.GetArgument<string?>("keyword"), Page(c), PageSize(c), c.CancellationToken));
        Field<DefinitionType>("definition")
            .Argument<NonNullGraphType<StringGraphType>>("id").Argument<IntGraphType>("version")
            .ResolveAsync(async c => await OrNull(() => GraphContext.EngineOf(c).Definitions.GetAsync(c.GetArgument<string>("id"), c.GetArgument<int?>("version"), c.CancellationToken)));
        Field<NonNullGraphType<InstancePageType>>("instances")
            .Argument<InstanceFilterType>("filter").PageArguments()
            .ResolveAsync(async c =>
            {
                var filter = c.GetArgument<Dictionary<string, object?>>("filter") ?? [];
                var query = new InstanceQuery(
                    filter.GetValueOrDefault("definitionId") as string,
                    Weft.Engine.Commands.CommandStatus.Instance(filter.GetValueOrDefault("status") as string),
                    filter.GetValueOrDefault("businessKey") as string,
                    Page(c), PageSize(c));
                return await GraphContext.EngineOf(c).Instances.ListAsync(query, c.CancellationToken);
            });
        Field<InstanceType>("instance")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => await OrNull(() => GraphContext.EngineOf(c).Instances.GetAsync(c.GetArgument<string>("id"), c.CancellationToken)));
        Field<NonNullGraphType<JobPageType>>("jobs")
            .Argument<StringGraphType>("status", "UNLOCKED, LOCKED, COMPLETED, FAILED or CANCELLED.").Argument<StringGraphType>("jobType").PageArguments()
            .ResolveAsync(async c =>
            {
                var query = new JobQuery(null, Weft.Engine.Commands.CommandStatus.Job(c.GetArgument<string?>("status")), c.GetArgument<string?>("jobType"), Page(c), PageSize(c));
                Paging.Validate(query.Page, query.PageSize);
                return await GraphContext.EngineOf(c).Store.ListJobsAsync(query, c.CancellationToken);
            });
        Field<NonNullGraphType<UserTaskPageType>>("userTasks")
            .Argument<StringGraphType>("instanceId").Argument<StringGraphType>("assignee").Argument<StringGraphType>("candidateGroup")
            .Argument<StringGraphType>("status", "OPEN, COMPLETED or CANCELLED.").PageArguments()
            .ResolveAsync(async c => await GraphContext.EngineOf(c).UserTasks.ListAsync(new UserTaskQuery(
                c.GetArgument<string?>("instanceId"), c.GetArgument<string?>("assignee"), c.GetArgument<string?>("candidateGroup"),
                Weft.Engine.Commands.CommandStatus.UserTask(c.GetArgument<string?>("status")), Page(c), PageSize(c)), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CatalogNamespaceType>>>>("catalog")
            .ResolveAsync(async c => await GraphContext.EngineOf(c).Catalog.ListAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WorkerType>>>>("workers")
            .ResolveAsync(async c => await GraphContext.EngineOf(c).Workers.ListAsync(c.CancellationToken));
    }

    private static int Page(IResolveFieldContext c) => c.GetArgument("page", 0);

    private static int PageSize(IResolveFieldContext c)
    {
        var size = c.GetArgument("pageSize", Paging.DefaultPageSize);
        return size is >= 1 and <= GraphLimits.MaxPageSize
            ? size
            : throw WeftException.Invalid($"pageSize is {size}; in GraphQL it must be between 1 and {GraphLimits.MaxPageSize}.");
    }

    private static async Task<T?> OrNull<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (WeftException ex) when (ex.Kind == WeftErrorKind.NotFound)
        {
            return null;
        }
    }
}
