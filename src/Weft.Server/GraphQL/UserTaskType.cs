using GraphQL.Types;
using Weft.Engine.UserTasks;

namespace Weft.Server.GraphQL;

internal sealed class UserTaskType : ObjectGraphType<UserTask>
{
    public UserTaskType()
    {
        Name = "UserTask";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("instanceId").Resolve(c => c.Source.InstanceId);
        Field<NonNullGraphType<StringGraphType>>("stepId").Resolve(c => c.Source.StepId);
        Field<StringGraphType>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => GraphTypes.Upper(c.Source.Status));
        Field<StringGraphType>("assignee").Resolve(c => c.Source.Assignee);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("candidateGroups").Resolve(c => c.Source.CandidateGroups);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<DateTimeOffsetGraphType>("completedAt").Resolve(c => c.Source.CompletedAt);
        Field<StringGraphType>("completedBy").Resolve(c => c.Source.CompletedBy);
        Field<StringGraphType>("result").Description("JSON text.").Resolve(c => GraphTypes.Json(c.Source.Result));
    }
}
