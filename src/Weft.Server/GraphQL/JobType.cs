using GraphQL.Types;
using Weft.Engine.Jobs;

namespace Weft.Server.GraphQL;

internal sealed class JobType : ObjectGraphType<Job>
{
    public JobType()
    {
        Name = "Job";
        Description = "Work for an external worker: one SERVICE_TASK step of one instance, across its attempts.";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("instanceId").Resolve(c => c.Source.InstanceId);
        Field<NonNullGraphType<StringGraphType>>("stepId").Resolve(c => c.Source.StepId);
        Field<NonNullGraphType<StringGraphType>>("jobType").Resolve(c => c.Source.JobType);
        Field<NonNullGraphType<StringGraphType>>("status").Resolve(c => GraphTypes.Upper(c.Source.Status));
        Field<StringGraphType>("workerId").Resolve(c => c.Source.WorkerId);
        Field<NonNullGraphType<IntGraphType>>("retriesRemaining").Resolve(c => c.Source.RetriesRemaining);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("runAt").Resolve(c => c.Source.RunAt);
        Field<NonNullGraphType<BooleanGraphType>>("paused").Description("Not handed out: its instance is suspended or failed.").Resolve(c => c.Source.Held);
        Field<DateTimeOffsetGraphType>("lockExpiresAt").Resolve(c => c.Source.LockExpiresAt);
        Field<StringGraphType>("lastError").Resolve(c => c.Source.LastError);
        Field<ProgressType>("progress").Resolve(c => c.Source.Progress);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
    }
}
