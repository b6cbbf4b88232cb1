using System.Text.Json.Nodes;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Testing;
using static Weft.Engine.Tests.Definitions.TestDefinitions;

namespace Weft.Engine.Tests.Instances;

public sealed class StepEntryTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly WeftEngineOptions _options = new() { LeaseDuration = TimeSpan.FromSeconds(30) };
    private readonly RecordingTransaction _transaction = new();

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();

    [Fact]
    public async Task Entering_a_service_task_writes_a_running_attempt_and_an_unlocked_job()
    {
        var step = Service("charge", "end") with { RetryCount = 4, JobType = "payments" };
        var definition = Flow(step, End());

        var (instance, createdJob) = await Steps().EnterAsync(_transaction, Instance(), definition, step);

        Assert.True(createdJob);
        Assert.Equal((InstanceStatus.Active, "charge", _time.GetUtcNow()), (instance.Status, instance.CurrentStepId, instance.UpdatedAt));
        var execution = Assert.Single(_transaction.Executions);
        Assert.Equal(("charge", StepTypes.ServiceTask, StepExecutionStatus.Running, 1), (execution.StepId, execution.StepType, execution.Status, execution.Attempt));
        Assert.Equal("""{"x":1}""", execution.Input!.ToJsonString());
        var job = Assert.Single(_transaction.Jobs);
        Assert.Equal((instance.Id, execution.Id, "charge", "payments"), (job.InstanceId, job.StepExecutionId, job.StepId, job.JobType));
        Assert.Equal((JobStatus.Unlocked, 4, _time.GetUtcNow(), TimeSpan.FromSeconds(30)), (job.Status, job.RetriesRemaining, job.RunAt, job.LeaseDuration));
    }

    [Fact]
    public async Task Step_timeout_becomes_the_job_lease()
    {
        var step = Service("a", "end") with { Timeout = "PT10M" };

        await Steps().EnterAsync(_transaction, Instance(), Flow(step, End()), step);

        Assert.Equal(TimeSpan.FromMinutes(10), Assert.Single(_transaction.Jobs).LeaseDuration);
    }

    [Fact]
    public async Task Zero_timeout_falls_back_to_the_default_lease()
    {
        var step = Service("a", "end") with { Timeout = "PT0S" };

        await Steps().EnterAsync(_transaction, Instance(), Flow(step, End()), step);

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(_transaction.Jobs).LeaseDuration);
    }

    [Fact]
    public async Task Entering_end_completes_the_instance_with_a_completed_row_and_no_job()
    {
        var definition = Minimal();

        var (instance, createdJob) = await Steps().EnterAsync(_transaction, Instance(), definition, definition.Steps[1]);

        Assert.False(createdJob);
        Assert.Equal((InstanceStatus.Completed, "end", _time.GetUtcNow()), (instance.Status, instance.CurrentStepId, instance.CompletedAt));
        var execution = Assert.Single(_transaction.Executions);
        Assert.Equal((StepExecutionStatus.Completed, _time.GetUtcNow()), (execution.Status, execution.CompletedAt));
        Assert.Null(execution.Input);
        Assert.Empty(_transaction.Jobs);
    }

    [Fact]
    public async Task Entering_the_next_step_follows_next_step()
    {
        var definition = Flow(Service("a", "b"), Service("b", "end"), End());

        var (instance, _) = await Steps().EnterNextAsync(_transaction, Instance(), definition, definition.Steps[0]);

        Assert.Equal("b", instance.CurrentStepId);
        Assert.Equal("b", Assert.Single(_transaction.Jobs).StepId);
    }

    [Fact]
    public async Task Entering_a_step_type_that_cannot_run_throws()
    {
        var step = new StepDefinition { Id = "approve", Type = StepTypes.UserTask, NextStep = "end" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Steps().EnterAsync(_transaction, Instance(), Flow(step, End()), step));

        Assert.Contains("USER_TASK", error.Message, StringComparison.Ordinal);
        Assert.Empty(_transaction.Executions);
    }

    [Fact]
    public void Step_backoff_overrides_the_default_field_by_field()
    {
        var defaults = new RetryBackoffPolicy(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(5), 0.1);
        _options.DefaultRetryBackoff = defaults;

        Assert.Equal(defaults, Steps().BackoffFor(Service("a", "end")));
        Assert.Equal(
            defaults with { Initial = TimeSpan.FromSeconds(10), Jitter = 0 },
            Steps().BackoffFor(Service("a", "end") with { RetryBackoff = new RetryBackoff { Initial = "PT10S", Jitter = 0 } }));
        Assert.Equal(
            new RetryBackoffPolicy(TimeSpan.FromSeconds(2), 3, TimeSpan.FromHours(1), 0.5),
            Steps().BackoffFor(Service("a", "end") with { RetryBackoff = new RetryBackoff { Initial = "PT2S", Factor = 3, Max = "PT1H", Jitter = 0.5 } }));
    }

    [Fact]
    public void New_execution_numbers_the_attempt_and_gets_a_fresh_id()
    {
        var instance = Instance();

        var execution = StepEntry.NewExecution(instance, Service("a", "end"), attempt: 3, _time.GetUtcNow());

        Assert.Equal((3, StepExecutionStatus.Running, instance.Id), (execution.Attempt, execution.Status, execution.InstanceId));
        Assert.NotEqual(StepEntry.NewExecution(instance, Service("a", "end"), 1, _time.GetUtcNow()).Id, execution.Id);
    }

    private StepEntry Steps() => new(_time, _options);

    private WorkflowInstance Instance() => new()
    {
        Id = Ids.New(),
        DefinitionId = "flow",
        DefinitionVersion = 1,
        Status = InstanceStatus.Active,
        Variables = new JsonObject { ["x"] = 1 },
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
    };
}
