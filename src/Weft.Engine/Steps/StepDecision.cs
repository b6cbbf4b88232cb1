using System.Text.Json.Nodes;

namespace Weft.Engine.Steps;

/// <summary>
/// What a step decides when a token enters it or resumes it: a value, applied by the one advancer (after
/// workflow-core's ExecutionResult). A step never writes anything itself.
/// </summary>
internal abstract record StepDecision
{
    /// <summary>Leave the step for <paramref name="NextStepId"/>; <paramref name="Output"/> is merged into the variables and kept as the step's output.</summary>
    public sealed record Continue(string NextStepId, JsonObject? Output = null) : StepDecision;

    /// <summary>Hand the work to a worker: a job of <paramref name="JobType"/>; the token goes on when it completes.</summary>
    public sealed record CreateJob(string JobType, int Retries, TimeSpan Lease) : StepDecision;

    /// <summary>Wait for a person to complete a task.</summary>
    public sealed record OpenUserTask(string? Assignee, IReadOnlyList<string> CandidateGroups) : StepDecision;

    /// <summary>Wait for a signal to this step.</summary>
    public sealed record AwaitSignal : StepDecision;

    /// <summary>Wait until <paramref name="DueAt"/>.</summary>
    public sealed record ScheduleTimer(DateTimeOffset DueAt) : StepDecision;

    /// <summary>Start an instance of another definition and wait for it to finish.</summary>
    public sealed record StartChild(string DefinitionId, int? Version, JsonObject Variables) : StepDecision;

    /// <summary>Send one token down each branch; the step's join continues once all of them arrive.</summary>
    public sealed record Fork(IReadOnlyList<string> BranchStepIds) : StepDecision;

    /// <summary>A branch reached its join: wait there for the other branches.</summary>
    public sealed record Arrive : StepDecision;

    /// <summary>The instance is complete.</summary>
    public sealed record Complete : StepDecision;

    /// <summary>The step failed, and with it the instance.</summary>
    public sealed record Fail(string Reason) : StepDecision;
}
