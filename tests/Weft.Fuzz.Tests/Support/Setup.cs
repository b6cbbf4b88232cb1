using System.Text.Json;
using Weft.Fuzz.Tests.Generators;

namespace Weft.Fuzz.Tests.Support;

/// <summary>Valid requests that build the state a run needs; they go through the same checks as the generated ones.</summary>
public static class Setup
{
    /// <summary>SERVICE_TASK (jobType <paramref name="jobType"/>, <paramref name="retryCount"/> retries) then END.</summary>
    public static string Definition(string id, string jobType, int retryCount = 0) => JsonText.Write(new JsonFields
    {
        { "id", id },
        {
            "steps", new List<object?>
            {
                new JsonFields { { "id", "work" }, { "type", "SERVICE_TASK" }, { "jobType", jobType }, { "retryCount", retryCount }, { "nextStep", "end" } },
                new JsonFields { { "id", "end" }, { "type", "END" } },
            }
        },
    });

    public static async Task<FuzzAnswer> UploadAsync(FuzzSession session, string json) =>
        await session.SendAsync(FuzzRequest.Json("POST", "/v1/definitions", "/v1/definitions", "setup: upload a definition", json));

    /// <returns>The new instance's id, or null when the start did not work.</returns>
    public static async Task<string?> StartAsync(FuzzSession session, string definitionId, string? about = null)
    {
        var answer = await session.SendAsync(FuzzRequest.Json("POST", "/v1/instances", "/v1/instances", $"setup: start an instance of {about ?? definitionId}",
            JsonText.Write(new JsonFields { { "definitionId", definitionId } })));
        return answer.IsSuccess ? AnswerJson.Text(answer, "id") : null;
    }

    /// <returns>The (job id, instance id, worker id) of each job the poll locked.</returns>
    /// <param name="about">What the job is, for failure messages (e.g. its definition and what is odd about it).</param>
    public static async Task<IReadOnlyList<(string JobId, string InstanceId, string WorkerId)>> PollAsync(
        FuzzSession session, string workerId, string jobType, string about, int maxJobs = 1)
    {
        var answer = await session.SendAsync(FuzzRequest.Json("POST", "/v1/jobs/poll", "/v1/jobs/poll", $"setup: poll a job of {about}",
            JsonText.Write(new JsonFields { { "workerId", workerId }, { "jobTypes", new List<object?> { jobType } }, { "maxJobs", maxJobs } })));
        return Jobs(answer);
    }

    /// <summary>The jobs of a poll answer.</summary>
    public static IReadOnlyList<(string JobId, string InstanceId, string WorkerId)> Jobs(FuzzAnswer answer)
    {
        if (!answer.IsSuccess || AnswerJson.Parse(answer) is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("jobs", out var jobs) || jobs.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return jobs.EnumerateArray()
            .Select(j => (j.GetProperty("id").GetString()!, j.GetProperty("instanceId").GetString()!, j.GetProperty("workerId").GetString()!))
            .ToList();
    }
}
