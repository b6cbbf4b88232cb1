using System.Text.Json.Nodes;
using Weft.Worker.Client;
using Weft.Worker.Handlers;

namespace Weft.Worker.Tests.Fakes;

public static class Jobs
{
    /// <summary>A context for <paramref name="jobType"/> whose variables are parsed from JSON, as off the wire.</summary>
    public static JobContext Context(string jobType, string variablesJson = "{}", int retriesRemaining = 3) =>
        new(new ActivatedJob
        {
            Id = "job-1",
            InstanceId = "instance-1",
            StepExecutionId = "step-1",
            JobType = jobType,
            RetriesRemaining = retriesRemaining,
            Variables = JsonNode.Parse(variablesJson)!.AsObject(),
        });
}
