using System.Text.Json.Nodes;
using Weft.Samples.Tasks;
using Weft.Testing;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Tasks;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Samples;

/// <summary>The five tasks of the sample module (what <c>weft server --demo</c> and <c>weft worker --module Weft.Samples.dll</c> run).</summary>
public sealed class SampleTasksTests
{
    private static readonly TimeSpan Guard = Recording<object>.Timeout;

    [Fact]
    public void The_module_offers_the_five_tasks_in_the_samples_namespace()
    {
        var tasks = TaskMethod.FindIn(typeof(SampleTasks));

        Assert.Equal(["double", "echo", "error_placeholder", "reporting_task", "zero_division"], tasks.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tasks, t => Assert.Equal("samples", t.Namespace));
        Assert.All(tasks, t => Assert.False(string.IsNullOrWhiteSpace(t.Catalog.Description)));
    }

    [Fact]
    public async Task Echo_returns_its_message_or_a_greeting_without_one()
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"echo":"hi"}"""), await RunAsync("echo", """{"message":"hi"}""")));
        Assert.Equal("Hello from Weft", (string?)(await RunAsync("echo"))!["echo"]);
    }

    [Fact]
    public async Task Double_returns_twice_its_value_and_amount()
    {
        var output = await RunAsync("double", """{"value":21,"amount":1.25}""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"value":42,"amount":2.5}"""), output), output?.ToJsonString());
    }

    [Fact]
    public async Task Double_of_a_string_fails_non_retryably_naming_the_input_the_type_and_the_value()
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("double", """{"value":"21"}"""));

        Assert.Equal("""Task 'double' needs the input 'value' to be an integer (Int64), but got a string: "21".""", error.Message);
    }

    [Fact]
    public async Task Double_of_a_value_whose_double_does_not_fit_fails_non_retryably()
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("double", $$"""{"value":{{long.MaxValue}}}"""));

        Assert.Equal($"Cannot double {long.MaxValue}: the result does not fit in a 64-bit integer.", error.Message);
    }

    [Fact]
    public async Task Error_placeholder_always_fails_non_retryably()
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("error_placeholder"));

        Assert.Equal("error_placeholder always fails: it stands in for a task that reports an error.", error.Message);
    }

    [Fact]
    public async Task Zero_division_fails_retryably_with_the_exception_type_and_message()
    {
        var error = await Assert.ThrowsAsync<TaskFailedException>(() => RunAsync("zero_division"));

        Assert.Equal("DivideByZeroException: Attempted to divide by zero.", error.Message);
    }

    [Fact]
    public async Task Zero_division_with_a_non_zero_denominator_returns_the_quotient()
    {
        var output = await RunAsync("zero_division", """{"numerator":7,"denominator":2}""");

        Assert.Equal(3, (int)output!["quotient"]!);
    }

    [Fact]
    public async Task Reporting_task_reports_progress_each_second_of_the_workers_clock_then_returns_how_long_it_ran()
    {
        var clock = new FakeTimeProvider();
        var reports = new Recording<(double Percent, string? Message)>();
        var context = new JobContext(Job("reporting_task", """{"seconds":3}"""), (p, m) => { reports.Add((p, m)); return Task.CompletedTask; }, clock, default, default);

        var running = Handler("reporting_task")(context, CancellationToken.None);
        for (var second = 1; second <= 3; second++)
        {
            await WaitForTimerAsync(clock);
            clock.Advance(TimeSpan.FromSeconds(1));
            await reports.WaitForAsync(_ => true, second);
        }

        var output = await running.WaitAsync(Guard);
        Assert.Equal(3, (int)output!["secondsRun"]!);
        Assert.Equal(
            [(100.0 / 3, "1 of 3 seconds"), (200.0 / 3, "2 of 3 seconds"), (100.0, "3 of 3 seconds")],
            reports.Snapshot());
    }

    [Fact]
    public async Task Reporting_task_stops_when_its_job_is_cancelled_without_reporting_more()
    {
        var clock = new FakeTimeProvider();
        using var cancellation = new CancellationTokenSource();
        var reports = 0;
        var context = new JobContext(Job("reporting_task", """{"seconds":60}"""), (_, _) => { Interlocked.Increment(ref reports); return Task.CompletedTask; }, clock, default, cancellation.Token);

        var running = Handler("reporting_task")(context, cancellation.Token);
        await WaitForTimerAsync(clock);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => running.WaitAsync(Guard));
        Assert.IsType<TaskCanceledException>(error.InnerException);
        Assert.Equal(0, reports);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3601)]
    public async Task Reporting_task_refuses_a_duration_out_of_range(int seconds)
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("reporting_task", $$"""{"seconds":{{seconds}}}"""));

        Assert.Equal($"reporting_task runs 0 to 3600 seconds, not {seconds}.", error.Message);
    }

    private static async Task WaitForTimerAsync(FakeTimeProvider clock)
    {
        // The task waits on the clock before it can be moved; this polls the fake's state, not the time.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (clock.PendingTimers == 0)
        {
            Assert.True(waited.Elapsed < Guard, "the task never waited on the clock");
            await Task.Yield();
        }
    }

    private static Task<JsonObject?> RunAsync(string task, string variables = "{}") =>
        Handler(task)(Jobs.Context(task, variables), CancellationToken.None);

    private static Func<JobContext, CancellationToken, Task<JsonObject?>> Handler(string task)
    {
        var registry = new HandlerRegistry();
        registry.Register(TaskMethod.FindIn(typeof(SampleTasks)).Single(t => t.Name == task));
        Assert.True(registry.TryGetHandler(task, out var handler));
        return handler;
    }

    private static ActivatedJob Job(string jobType, string variables) => new()
    {
        Id = "job-1",
        InstanceId = "instance-1",
        StepExecutionId = "step-1",
        JobType = jobType,
        Variables = JsonNode.Parse(variables)!.AsObject(),
    };
}
