using GraphQL.Types;
using Weft.Engine.Jobs;

namespace Weft.Server.GraphQL;

internal sealed class ProgressType : ObjectGraphType<JobProgress>
{
    public ProgressType()
    {
        Name = "Progress";
        Description = "A progress report of a job's attempt.";
        Field<NonNullGraphType<FloatGraphType>>("percent").Resolve(c => c.Source.Percent);
        Field<StringGraphType>("message").Resolve(c => c.Source.Message);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("reportedAt").Resolve(c => c.Source.ReportedAt);
    }
}
