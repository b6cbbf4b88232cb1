using GraphQL.Types;
using Weft.Engine.Instances;

namespace Weft.Server.GraphQL;

internal sealed class StepExecutionType : ObjectGraphType<StepExecution>
{
    public StepExecutionType()
    {
        Name = "StepExecution";
        Description = "One attempt at one step: a row of an instance's history.";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("stepId").Resolve(c => c.Source.StepId);
        Field<NonNullGraphType<StringGraphType>>("stepType").Resolve(c => c.Source.StepType);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => GraphTypes.Upper(c.Source.Status));
        Field<NonNullGraphType<IntGraphType>>("attemptNumber").Resolve(c => c.Source.AttemptNumber);
        Field<StringGraphType>("input").Description("JSON text.").Resolve(c => GraphTypes.Json(c.Source.Input));
        Field<StringGraphType>("output").Description("JSON text.").Resolve(c => GraphTypes.Json(c.Source.Output));
        Field<StringGraphType>("failureReason").Resolve(c => c.Source.FailureReason);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("startedAt").Resolve(c => c.Source.StartedAt);
        Field<DateTimeOffsetGraphType>("endedAt").Resolve(c => c.Source.EndedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProgressType>>>>("progress").Resolve(c => c.Source.Progress);
    }
}
