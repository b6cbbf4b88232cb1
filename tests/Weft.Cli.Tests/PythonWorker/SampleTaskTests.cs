using System.Text.Json.Nodes;

namespace Weft.Cli.Tests.PythonWorker;

/// <summary>The five tasks of samples/python/sample.py, run by the real Python worker against a real server.</summary>
public sealed class SampleTaskTests(SampleWorkerFixture fixture) : IClassFixture<SampleWorkerFixture>
{
    private WeftRest Rest => fixture.Rest;

    [Fact]
    public async Task Echo_completes_with_its_message_as_the_echo_output()
    {
        var id = await Rest.StartAsync("py-echo", new JsonObject { ["message"] = "hello from C#" });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal("hello from C#", (string?)instance["variables"]!["echo"]);
        var run = Assert.Single(await Rest.RunStepHistoryAsync(id));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["echo"] = "hello from C#" }, run["output"]), run.ToJsonString());
        await fixture.Worker.WaitForLineAsync(" echo: completed");
    }

    [Fact]
    public async Task Double_returns_twice_a_whole_or_fractional_number()
    {
        var whole = await Rest.StartAsync("py-double", new JsonObject { ["value"] = 21 });
        var fraction = await Rest.StartAsync("py-double", new JsonObject { ["value"] = 1.25 });

        var first = await Rest.WaitUntilFinishedAsync(whole);
        var second = await Rest.WaitUntilFinishedAsync(fraction);

        Assert.Equal("COMPLETED", (string?)first["status"]);
        Assert.Equal(42, (long)first["variables"]!["value"]!);
        Assert.Equal("COMPLETED", (string?)second["status"]);
        Assert.Equal(2.5, (double)second["variables"]!["value"]!);
    }

    [Fact]
    public async Task Double_of_a_string_fails_at_once_naming_the_input_the_type_and_the_value()
    {
        var id = await Rest.StartAsync("py-double", new JsonObject { ["value"] = "abc" });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        var reason = (string)instance["failureReason"]!;
        Assert.Contains("""Task 'double' needs the input 'value' to be a number, but it is a string: "abc".""", reason, StringComparison.Ordinal);
        Assert.Single(await Rest.RunStepHistoryAsync(id)); // retryCount 2, yet not retried: the same value would fail again
    }

    [Fact]
    public async Task Double_of_a_number_too_large_fails_with_the_error_the_task_reported()
    {
        var id = await Rest.StartAsync("py-double", new JsonObject { ["value"] = 1e308 });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        Assert.Contains("cannot double 1e+308: the result is too large for a number", (string)instance["failureReason"]!, StringComparison.Ordinal);
        Assert.Single(await Rest.RunStepHistoryAsync(id));
    }

    [Fact]
    public async Task Error_placeholder_fails_the_step_at_once_with_its_error_message()
    {
        var id = await Rest.StartAsync("py-error");

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        Assert.Contains("error_placeholder always reports an error", (string)instance["failureReason"]!, StringComparison.Ordinal);
        var run = Assert.Single(await Rest.RunStepHistoryAsync(id));
        Assert.Equal("FAILED", (string?)run["status"]);
    }

    [Fact]
    public async Task Zero_division_fails_retryably_with_the_exception_type_and_message_until_retries_run_out()
    {
        var id = await Rest.StartAsync("py-zero", new JsonObject { ["numerator"] = 1, ["denominator"] = 0 });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        var attempts = await Rest.RunStepHistoryAsync(id);
        Assert.Equal(2, attempts.Count); // the first try and the one retry of retryCount 1
        Assert.All(attempts, attempt =>
        {
            Assert.Equal("FAILED", (string?)attempt["status"]);
            Assert.StartsWith("ZeroDivisionError: division by zero (sample.py, line ", (string?)attempt["failureReason"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Zero_division_with_a_non_zero_denominator_returns_the_quotient()
    {
        var id = await Rest.StartAsync("py-zero", new JsonObject { ["numerator"] = 7, ["denominator"] = 2 });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal(3.5, (double)instance["variables"]!["quotient"]!);
    }

    [Fact]
    public async Task A_missing_required_input_fails_the_job_naming_the_input_and_its_type()
    {
        var id = await Rest.StartAsync("py-report", new JsonObject { ["secs"] = 3 });

        var instance = await Rest.WaitUntilFinishedAsync(id);

        Assert.Equal("FAILED", (string?)instance["status"]);
        Assert.Contains("Task 'reporting_task' needs the input 'seconds' (an integer), but the job's variables have no 'seconds'.", (string)instance["failureReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reporting_task_progress_is_visible_on_the_job_while_it_runs_and_in_the_history_after()
    {
        var id = await Rest.StartAsync("py-report", new JsonObject { ["seconds"] = 3 });

        var jobId = await Rest.WaitForProgressAsync(id);
        var job = await Rest.GetAsync($"/v1/jobs/{jobId}");
        Assert.Equal("py-sample-tests", (string?)job["workerId"]);
        var progress = job["progress"]!;
        Assert.InRange((double)progress["percent"]!, 33, 100);
        Assert.Matches(@"^\d of 3 seconds$", (string?)progress["message"]);

        var instance = await Rest.WaitUntilFinishedAsync(id);
        Assert.Equal("COMPLETED", (string?)instance["status"]);
        Assert.Equal(3, (int)instance["variables"]!["elapsedSeconds"]!);
        var run = Assert.Single(await Rest.RunStepHistoryAsync(id));
        var reports = run["progress"]!.AsArray();
        Assert.Equal(["1 of 3 seconds", "2 of 3 seconds", "3 of 3 seconds"], reports.Select(r => (string?)r!["message"]));
        Assert.Equal(100, (double)reports[2]!["percent"]!);
        Assert.True((double)reports[0]!["percent"]! < (double)reports[1]!["percent"]!, run.ToJsonString());
    }
}
