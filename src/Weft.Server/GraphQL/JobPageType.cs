using Weft.Engine.Jobs;

namespace Weft.Server.GraphQL;

internal sealed class JobPageType() : PageType<Job, JobType>("JobPage");
