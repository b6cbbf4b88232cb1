using Weft.Engine.Definitions;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;

namespace Weft.Engine.Instances;

/// <summary>
/// The instance state machine's one move: entering a step. It writes the step's history row and whatever the step
/// waits on (a job for a SERVICE_TASK), inside the caller's transaction, and returns the instance as it now stands.
/// </summary>
internal sealed class StepEntry(TimeProvider time, WeftEngineOptions options)
{
    /// <summary>True when the entered step created work that workers can poll.</summary>
    public async Task<(WorkflowInstance Instance, bool CreatedJob)> EnterAsync(
        IWeftTransaction transaction, WorkflowInstance instance, WorkflowDefinition definition, StepDefinition step)
    {
        var now = time.UtcNowMillis();
        switch (step.Type)
        {
            case StepTypes.ServiceTask:
                var execution = NewExecution(instance, step, attempt: 1, now);
                await transaction.InsertStepExecutionAsync(execution);
                await transaction.InsertJobAsync(new Job
                {
                    Id = Ids.New(),
                    InstanceId = instance.Id,
                    StepExecutionId = execution.Id,
                    StepId = step.Id,
                    JobType = step.EffectiveJobType,
                    Status = JobStatus.Unlocked,
                    RetriesRemaining = step.RetryCount ?? 0,
                    RunAt = now,
                    LeaseDuration = LeaseFor(step),
                    CreatedAt = now,
                });
                return (instance with { Status = InstanceStatus.Active, CurrentStepId = step.Id, UpdatedAt = now }, true);

            case StepTypes.End:
                await transaction.InsertStepExecutionAsync(NewExecution(instance, step, attempt: 1, now) with
                {
                    Status = StepExecutionStatus.Completed,
                    CompletedAt = now,
                });
                return (instance with
                {
                    Status = InstanceStatus.Completed,
                    CurrentStepId = step.Id,
                    UpdatedAt = now,
                    CompletedAt = now,
                }, false);

            default:
                // The validator refuses definitions with steps this version cannot run.
                throw new InvalidOperationException($"Step type {step.Type} is not executable.");
        }
    }

    /// <summary>Enters the step that follows <paramref name="completed"/>.</summary>
    public Task<(WorkflowInstance Instance, bool CreatedJob)> EnterNextAsync(
        IWeftTransaction transaction, WorkflowInstance instance, WorkflowDefinition definition, StepDefinition completed)
    {
        var next = definition.FindStep(completed.NextStep!)
            ?? throw new InvalidOperationException($"Step '{completed.NextStep}' is missing from a validated definition.");
        return EnterAsync(transaction, instance, definition, next);
    }

    public static StepExecution NewExecution(WorkflowInstance instance, StepDefinition step, int attempt, DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        InstanceId = instance.Id,
        StepId = step.Id,
        StepType = step.Type,
        Status = StepExecutionStatus.Running,
        Attempt = attempt,
        Input = step.Type == StepTypes.End ? null : instance.Variables,
        StartedAt = now,
    };

    public RetryBackoffPolicy BackoffFor(StepDefinition step)
    {
        var fallback = options.DefaultRetryBackoff;
        if (step.RetryBackoff is not { } backoff)
        {
            return fallback;
        }

        return new RetryBackoffPolicy(
            IsoDuration.TryParse(backoff.Initial, out var initial) ? initial : fallback.Initial,
            backoff.Factor ?? fallback.Factor,
            IsoDuration.TryParse(backoff.Max, out var max) ? max : fallback.Max,
            backoff.Jitter ?? fallback.Jitter);
    }

    private TimeSpan LeaseFor(StepDefinition step) =>
        IsoDuration.TryParse(step.Timeout, out var timeout) && timeout > TimeSpan.Zero ? timeout : options.LeaseDuration;
}
