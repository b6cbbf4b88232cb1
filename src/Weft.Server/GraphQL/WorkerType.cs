using GraphQL.Types;
using Weft.Engine.Workers;

namespace Weft.Server.GraphQL;

internal sealed class WorkerType : ObjectGraphType<SeenWorker>
{
    public WorkerType()
    {
        Name = "Worker";
        Description = "A worker seen polling within the last hour.";
        Field<NonNullGraphType<StringGraphType>>("workerId").Resolve(c => c.Source.WorkerId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("jobTypes").Resolve(c => c.Source.JobTypes);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("lastPollAt").Resolve(c => c.Source.LastPollAt);
        Field<NonNullGraphType<IntGraphType>>("jobsHeld").Resolve(c => c.Source.JobsHeld);
    }
}
