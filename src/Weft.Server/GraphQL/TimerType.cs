using GraphQL.Types;
using Weft.Engine.Timers;

namespace Weft.Server.GraphQL;

internal sealed class TimerType : ObjectGraphType<WorkflowTimer>
{
    public TimerType()
    {
        Name = "Timer";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("stepId").Resolve(c => c.Source.StepId);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => GraphTypes.Upper(c.Source.Kind));
        Field<StringGraphType>("targetStepId").Resolve(c => c.Source.TargetStepId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("dueAt").Resolve(c => c.Source.DueAt);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => GraphTypes.Upper(c.Source.Status));
    }
}
