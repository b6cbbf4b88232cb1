namespace Weft.Engine.Advancing;

/// <param name="FollowUps">What other instances must do, in the same transaction.</param>
/// <param name="CreatedJobs">True when the advance made work that workers may poll (now or after a backoff).</param>
internal sealed record AdvanceOutcome(IReadOnlyList<FollowUp> FollowUps, bool CreatedJobs);
