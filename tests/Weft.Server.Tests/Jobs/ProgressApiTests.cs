using System.Net;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Jobs;

/// <summary>POST /v1/jobs/{id}/progress and the batched /v1/jobs/progress, and where reports show: the job, the instance view, the history.</summary>
public sealed class ProgressApiTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;

    private HttpClient Http => _server.Http;

    public async Task InitializeAsync()
    {
        _server = await WeftTestServer.StartAsync();
        await _server.Client.UploadDefinitionAsync(TestDefinitions.Single("single", "work", retryCount: 1));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_report_by_the_holder_is_204_and_shows_on_the_job_the_instance_view_and_the_history()
    {
        var instance = await _server.Client.StartInstanceAsync("single");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));

        var answer = await Http.PostJsonTextAsync($"/v1/jobs/{job.Id}/progress", """{"workerId": "w", "percent": 40, "message": "step 2 of 5"}""");

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        var got = JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{job.Id}"))!;
        Assert.Equal(40, got["progress"]!["percent"]!.GetValue<double>());
        Assert.Equal("step 2 of 5", got["progress"]!["message"]!.GetValue<string>());
        var reportedAt = got["progress"]!["reportedAt"]!.GetValue<string>();

        var view = JsonNode.Parse(await Http.GetStringAsync($"/v1/instances/{instance.Id}"))!["progress"]!.AsArray();
        var open = Assert.Single(view)!;
        Assert.Equal((job.Id, "work", 40.0, "step 2 of 5", reportedAt),
            (open["jobId"]!.GetValue<string>(), open["stepId"]!.GetValue<string>(), open["percent"]!.GetValue<double>(), open["message"]!.GetValue<string>(), open["reportedAt"]!.GetValue<string>()));

        var history = JsonNode.Parse(await Http.GetStringAsync($"/v1/instances/{instance.Id}/history"))!["items"]!.AsArray();
        var kept = Assert.Single(Assert.Single(history)!["progress"]!.AsArray())!;
        Assert.Equal(("step 2 of 5", reportedAt), (kept["message"]!.GetValue<string>(), kept["reportedAt"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_job_that_never_reported_has_no_progress_and_its_attempt_an_empty_list()
    {
        var instance = await _server.Client.StartInstanceAsync("single");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));

        var got = JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{job.Id}"))!.AsObject();

        Assert.Null(got["progress"]);
        Assert.False(got.ContainsKey("variables"));
        Assert.Equal(("LOCKED", "w", "work", instance.Id), (got["status"]!.GetValue<string>(), got["workerId"]!.GetValue<string>(), got["jobType"]!.GetValue<string>(), got["instanceId"]!.GetValue<string>()));
        Assert.Empty(JsonNode.Parse(await Http.GetStringAsync($"/v1/instances/{instance.Id}"))!["progress"]!.AsArray());
        Assert.Empty(JsonNode.Parse(await Http.GetStringAsync($"/v1/instances/{instance.Id}/history"))!["items"]![0]!["progress"]!.AsArray());
    }

    [Fact]
    public async Task The_newest_of_several_reports_is_the_jobs_progress()
    {
        await _server.Client.StartInstanceAsync("single");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));
        await _server.Client.ReportProgressAsync(job.Id, "w", 10, "first");
        await _server.Client.ReportProgressAsync(job.Id, "w", 20.5, "second");

        var got = JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{job.Id}"))!;

        Assert.Equal((20.5, "second"), (got["progress"]!["percent"]!.GetValue<double>(), got["progress"]!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_report_by_another_worker_is_409_and_changes_nothing()
    {
        var instance = await _server.Client.StartInstanceAsync("single");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));
        await using var unchanged = await StateSnapshot.TakeAsync(_server);

        var answer = await Http.PostJsonTextAsync($"/v1/jobs/{job.Id}/progress", """{"workerId": "intruder", "percent": 40}""");

        var problem = await ProblemAssert.IsProblemAsync(answer, 409, "is held by worker 'w', not 'intruder'. Only the worker holding the lease may report progress on it.");
        Assert.Equal("CONFLICT", problem["error"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{job.Id}"))!["progress"]);
        Assert.Empty(JsonNode.Parse(await Http.GetStringAsync($"/v1/instances/{instance.Id}"))!["progress"]!.AsArray());
    }

    [Fact]
    public async Task A_report_on_a_job_not_yet_polled_is_409()
    {
        var instance = await _server.Client.StartInstanceAsync("single");
        var jobId = (await _server.Engine.Store.ListOpenJobsAsync(instance.Id))[0].Id;

        await ProblemAssert.IsProblemAsync(
            await Http.PostJsonTextAsync($"/v1/jobs/{jobId}/progress", """{"workerId": "w", "percent": 1}"""), 409, "is not locked by worker 'w'");
    }

    [Fact]
    public async Task A_report_on_an_unknown_job_is_404_and_so_is_reading_it()
    {
        var problem = await ProblemAssert.IsProblemAsync(
            await Http.PostJsonTextAsync("/v1/jobs/no-such-job/progress", """{"workerId": "w", "percent": 1}"""), 404, "Job 'no-such-job' does not exist");
        Assert.Equal("NOT_FOUND", problem["error"]!.GetValue<string>());
        await ProblemAssert.IsProblemAsync(await Http.GetAsync("/v1/jobs/no-such-job"), 404, "Job 'no-such-job' does not exist");
    }

    [Fact]
    public async Task A_batch_of_reports_answers_each_entry_and_applies_the_good_ones()
    {
        await _server.Client.StartInstanceAsync("single");
        await _server.Client.StartInstanceAsync("single");
        var jobs = await _server.Client.PollJobsAsync("w", ["work"], 2);
        var batch = new JsonArray(
            new JsonObject { ["jobId"] = jobs[0].Id, ["workerId"] = "w", ["percent"] = 50, ["message"] = "half" },
            new JsonObject { ["jobId"] = jobs[1].Id, ["workerId"] = "intruder", ["percent"] = 50 },
            new JsonObject { ["jobId"] = jobs[1].Id, ["workerId"] = "w", ["percent"] = 101 },
            new JsonObject { ["jobId"] = "no-such-job", ["workerId"] = "w", ["percent"] = 1 });

        var answer = await Http.PostJsonTextAsync("/v1/jobs/progress", batch.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var results = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["results"]!.AsArray();
        Assert.Equal([204, 409, 400, 404], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.Contains("percent is 101; it must be a number from 0 to 100", results[2]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("half", JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{jobs[0].Id}"))!["progress"]!["message"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(await Http.GetStringAsync($"/v1/jobs/{jobs[1].Id}"))!["progress"]);
    }

    [Fact]
    public async Task A_report_does_not_extend_the_lease()
    {
        await _server.Client.StartInstanceAsync("single");
        var job = Assert.Single(await _server.Client.PollJobsAsync("w", ["work"], 1));

        await _server.Client.ReportProgressAsync(job.Id, "w", 10);

        Assert.Equal(job.LockExpiresAt, (await _server.Client.GetJobAsync(job.Id)).LockExpiresAt);
    }
}
