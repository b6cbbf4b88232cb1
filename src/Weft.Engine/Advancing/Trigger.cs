using System.Text.Json.Nodes;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Timers;
using Weft.Engine.UserTasks;

namespace Weft.Engine.Advancing;

/// <summary>Every way an instance moves, as a value handed to <see cref="InstanceAdvancer.Advance"/>.</summary>
internal abstract record Trigger
{
    /// <summary>A new instance enters its first step.</summary>
    public sealed record Start : Trigger;

    public sealed record JobCompleted(string JobId, JsonObject Output, string CompletionHash) : Trigger;

    /// <param name="LeaseExpired">The worker let the lease run out (the sweeper's take-back), rather than reporting a failure.</param>
    public sealed record JobFailed(string JobId, string Reason, bool Retryable, bool LeaseExpired = false) : Trigger;

    public sealed record UserTaskCompleted(string TaskId, string? CompletedBy, JsonObject Result) : Trigger;

    public sealed record SignalReceived(string StepId, JsonObject Variables) : Trigger;

    public sealed record TimerFired(string TimerId) : Trigger;

    /// <summary>A sub-workflow instance that <paramref name="TokenId"/> waits for has finished.</summary>
    public sealed record ChildFinished(string ChildInstanceId, string TokenId, InstanceStatus Status, JsonObject Variables, string? Reason) : Trigger;

    /// <param name="ByParent">The cancel cascades from the parent instance, which therefore needs no notice back.</param>
    public sealed record Cancel(string? Reason, bool ByParent = false) : Trigger;

    public sealed record Suspend : Trigger;

    public sealed record Resume : Trigger;

    /// <summary>A FAILED instance runs its failed steps again, with fresh retries.</summary>
    public sealed record Retry : Trigger;

    /// <summary>An operator merges variables into an instance that is not finished.</summary>
    public sealed record VariablesSet(JsonObject Variables) : Trigger;

    /// <summary>An operator runs a waiting step now: a job in retry backoff becomes ready, a TIMER step fires.</summary>
    public sealed record RunNow(string StepId) : Trigger;
}
