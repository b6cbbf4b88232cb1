namespace Weft.Engine.Tokens;

/// <summary>
/// Where an instance is. An instance holds one token per path it is on: one at start, one per branch of a parallel
/// gateway, one more per non-interrupting boundary timer. Step executions, jobs, user tasks and timers point at the
/// token they belong to.
/// </summary>
public sealed record Token
{
    public required string Id { get; init; }

    public required string InstanceId { get; init; }

    /// <summary>The step the token is at (for a finished token, the last one).</summary>
    public required string StepId { get; init; }

    public required TokenStatus Status { get; init; }

    /// <summary>The token whose parallel gateway created this one as a branch, or null.</summary>
    public string? ParentTokenId { get; init; }

    /// <summary>The gateway activation this token is a branch of, or null outside any parallel gateway.</summary>
    public string? ForkId { get; init; }

    /// <summary>While <see cref="TokenStatus.Forked"/>: the activation whose branches it waits for.</summary>
    public string? AwaitedForkId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Still on its way: not completed, cancelled or failed.</summary>
    public bool IsLive => Status is TokenStatus.Active or TokenStatus.Waiting or TokenStatus.Forked or TokenStatus.Arrived;
}
