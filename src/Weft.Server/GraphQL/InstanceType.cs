using GraphQL.Types;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.UserTasks;

namespace Weft.Server.GraphQL;

internal sealed class InstanceType : ObjectGraphType<WorkflowInstance>
{
    public InstanceType()
    {
        Name = "Instance";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("definitionId").Resolve(c => c.Source.DefinitionId);
        Field<NonNullGraphType<IntGraphType>>("definitionVersion").Resolve(c => c.Source.DefinitionVersion);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => GraphTypes.Upper(c.Source.Status));
        Field<StringGraphType>("businessKey").Resolve(c => c.Source.BusinessKey);
        Field<NonNullGraphType<StringGraphType>>("variables").Description("JSON text.").Resolve(c => GraphTypes.Json(c.Source.Variables));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("currentStepIds").Resolve(c => c.Source.CurrentStepIds);
        Field<StringGraphType>("failureReason").Resolve(c => c.Source.FailureReason);
        Field<StringGraphType>("parentInstanceId").Resolve(c => c.Source.ParentInstanceId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("updatedAt").Resolve(c => c.Source.UpdatedAt);
        Field<DateTimeOffsetGraphType>("completedAt").Resolve(c => c.Source.CompletedAt);
        Field<NonNullGraphType<DefinitionType>>("definition")
            .ResolveAsync(async c => await GraphContext.EngineOf(c).Definitions.GetAsync(c.Source.DefinitionId, c.Source.DefinitionVersion, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TokenType>>>>("tokens")
            .ResolveAsync(async c => await GraphContext.EngineOf(c).Store.ListTokensAsync(c.Source.Id, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StepExecutionType>>>>("history")
            .ResolveAsync(async c => await GraphContext.EngineOf(c).Instances.GetHistoryAsync(c.Source.Id, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobType>>>>("jobs").Description($"The instance's jobs, oldest first (at most {GraphLimits.MaxPageSize}).")
            .ResolveAsync(async c => (await GraphContext.EngineOf(c).Store.ListJobsAsync(new JobQuery(c.Source.Id, PageSize: GraphLimits.MaxPageSize), c.CancellationToken)).Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserTaskType>>>>("userTasks").Description($"The instance's user tasks, oldest first (at most {GraphLimits.MaxPageSize}).")
            .ResolveAsync(async c => (await GraphContext.EngineOf(c).UserTasks.ListAsync(new UserTaskQuery(c.Source.Id, PageSize: GraphLimits.MaxPageSize), c.CancellationToken)).Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TimerType>>>>("timers")
            .ResolveAsync(async c => await GraphContext.EngineOf(c).Store.ListTimersAsync(c.Source.Id, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProgressType>>>>("progress").Description("The latest progress of each open job that has reported.")
            .ResolveAsync(async c => (await GraphContext.EngineOf(c).Instances.GetAsync(c.Source.Id, c.CancellationToken)).Progress!
                .Select(p => new JobProgress(p.Percent, p.Message, p.ReportedAt)).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("heldStepIds").Description("Steps an operator holds (the hold command).")
            .ResolveAsync(async c => await GraphContext.EngineOf(c).Store.ListHeldStepsAsync(c.Source.Id, c.CancellationToken));
    }
}
