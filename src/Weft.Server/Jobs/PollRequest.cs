namespace Weft.Server.Jobs;

// Request bodies have settable properties (not constructor parameters or init) so that System.Text.Json reports a
// wrong type against the field's own type, which JsonProblem turns into "expected a whole number" and the like.
internal sealed record PollRequest
{
    public string? WorkerId { get; set; }

    public IReadOnlyList<string>? JobTypes { get; set; }

    /// <summary>At least 1; more than the server's maximum (256) is shortened to it.</summary>
    public long? MaxJobs { get; set; }

    /// <summary>Long poll: how long to wait for work when none is ready (0 answers at once); more than 30 s is shortened to it.</summary>
    public long? WaitMs { get; set; }

    /// <summary>The lease of the jobs this poll takes, 5 to 3600 seconds (Rochallor's field); the step's lease when absent.</summary>
    public long? LeaseSeconds { get; set; }
}
