namespace Weft.Engine.Advancing;

/// <param name="FollowUps">What other instances must do, in the same transaction.</param>
internal sealed record AdvanceOutcome(IReadOnlyList<FollowUp> FollowUps);
