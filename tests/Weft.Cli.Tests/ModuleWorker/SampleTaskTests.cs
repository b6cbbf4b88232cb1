using System.Text.Json.Nodes;
using Weft.Cli.Tests.PythonWorker;

namespace Weft.Cli.Tests.ModuleWorker;

/// <summary>The five tasks of samples/Weft.Samples, run by <c>weft worker --module</c> against a real server.</summary>
public sealed class SampleTaskTests(SamplesFixture fixture) : IClassFixture<SamplesFixture>
{
    private WeftRest Rest => fixture.Rest;

    [Fact]
    public async Task Echo_completes_with_its_message_as_the_echo_output()
    {
        var id = await Rest.StartAsync("cs-echo", new JsonObject { ["message"] = "hello from a module" });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("COMPLETED", (string?)instance["status"]);
        var run = Assert.Single(await Rest.RunStepHistoryAsync(id));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["echo"] = "hello from a module" }, run["output"]), run.ToJsonString());
        await fixture.Worker.WaitForLineAsync("(echo) completed with 1 output variable(s)");
    }

    [Fact]
    public async Task Double_returns_twice_its_value_and_amount()
    {
        var id = await Rest.StartAsync("cs-double", new JsonObject { ["value"] = 21, ["amount"] = 1.25 });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal(42, (long)instance["variables"]!["value"]!);
        Assert.Equal(2.5, (double)instance["variables"]!["amount"]!);
    }

    [Fact]
    public async Task Double_of_a_string_fails_at_once_naming_the_input_the_type_and_the_value()
    {
        var id = await Rest.StartAsync("cs-double", new JsonObject { ["value"] = "21" });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        Assert.Contains("""Task 'double' needs the input 'value' to be an integer (Int64), but got a string: "21".""", (string)instance["failureReason"]!, StringComparison.Ordinal);
        Assert.Single(await Rest.RunStepHistoryAsync(id)); // retryCount 2, yet not retried: the same value would fail again
    }

    [Fact]
    public async Task A_missing_required_input_fails_at_once_naming_the_input_and_its_type()
    {
        var id = await Rest.StartAsync("cs-double", new JsonObject { ["amount"] = 1 });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        Assert.Contains("Task 'double' needs the input 'value' (an integer (Int64)), but the job's variables have no 'value'.", (string)instance["failureReason"]!, StringComparison.Ordinal);
        Assert.Single(await Rest.RunStepHistoryAsync(id));
    }

    [Fact]
    public async Task Error_placeholder_fails_the_step_at_once_with_its_message()
    {
        var id = await Rest.StartAsync("cs-error");

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        Assert.Contains("error_placeholder always fails: it stands in for a task that reports an error.", (string)instance["failureReason"]!, StringComparison.Ordinal);
        Assert.Single(await Rest.RunStepHistoryAsync(id));
    }

    [Fact]
    public async Task Zero_division_fails_retryably_with_the_exception_type_and_message_until_retries_run_out()
    {
        var id = await Rest.StartAsync("cs-zero", new JsonObject { ["numerator"] = 1, ["denominator"] = 0 });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        var attempts = await Rest.RunStepHistoryAsync(id);
        Assert.Equal(2, attempts.Count); // the first try and the one retry of retryCount 1
        Assert.All(attempts, attempt =>
        {
            Assert.Equal("FAILED", (string?)attempt["status"]);
            Assert.Equal("DivideByZeroException: Attempted to divide by zero.", (string?)attempt["failureReason"]);
        });
    }

    [Fact]
    public async Task Zero_division_with_a_non_zero_denominator_returns_the_quotient()
    {
        var id = await Rest.StartAsync("cs-zero", new JsonObject { ["numerator"] = 7, ["denominator"] = 2 });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal(3, (int)instance["variables"]!["quotient"]!);
    }

    [Fact]
    public async Task Reporting_task_progress_is_visible_on_the_job_while_it_runs_and_in_the_history_after()
    {
        var id = await Rest.StartAsync("cs-report", new JsonObject { ["seconds"] = 3 });

        var jobId = await Rest.WaitForProgressAsync(id);
        var job = await Rest.GetAsync($"/v1/jobs/{jobId}");
        Assert.Equal(SamplesFixture.WorkerId, (string?)job["workerId"]);
        Assert.Equal("reporting_task", (string?)job["jobType"]);
        var progress = job["progress"]!;
        Assert.InRange((double)progress["percent"]!, 33, 100);
        Assert.Matches(@"^\d of 3 seconds$", (string?)progress["message"]);

        var instance = await Rest.WaitUntilFinishedAsync(id);
        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal(3, (int)instance["variables"]!["secondsRun"]!);
        var run = Assert.Single(await Rest.RunStepHistoryAsync(id));
        var reports = run["progress"]!.AsArray();
        Assert.Equal(["1 of 3 seconds", "2 of 3 seconds", "3 of 3 seconds"], reports.Select(r => (string?)r!["message"]));
        Assert.Equal(100, (double)reports[2]!["percent"]!);
        Assert.True((double)reports[0]!["percent"]! < (double)reports[1]!["percent"]!, run.ToJsonString());
    }
}
