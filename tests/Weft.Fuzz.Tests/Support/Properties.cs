namespace Weft.Fuzz.Tests.Support;

/// <summary>The names of the properties every generated request is checked against, as failure messages show them.</summary>
public static class Properties
{
    public const string Answers = "the server answers every request";
    public const string No5xx = "never a 5xx";
    public const string ProblemJson = "every error is application/problem+json with type, title, status, detail and message == detail";
    public const string Actionable = "every error message is actionable: not empty, not just the title, no stack trace or .NET names";
    public const string RejectedChangesNothing = "a rejected write changes nothing in the database";
    public const string ReadOnlyChangesNothing = "a read-only command or GraphQL query changes nothing in the database, whatever its input";
    public const string CommandAnswerShape = "a command is answered 200 {\"data\"} or 200 {\"error\": {\"message\", \"code\"}} with an actionable message (4xx only for a malformed envelope)";
    public const string GraphqlAnswerShape = "a GraphQL request is answered 200 with 'data' and/or 'errors' (each with an actionable message), or 400 when malformed";
    public const string MustBeRefused = "a request that must be refused gets a 4xx (the docs say so, or the server would have to drop part of it)";
    public const string StaysAlive = "the server process stays alive";
    public const string MemoryBounded = "the server's memory stays bounded (peak resident size < 1 GiB)";
    public const string StorageBounded = "stored values stay bounded (no stored value over 1 MiB + 64 KiB, the variables limit)";
    public const string ReadsBack = "what an accepted write stored can be read back (200)";
    public const string InstanceRuns = "an accepted instance runs to COMPLETED when a worker completes its job with a small output (what it stored does not break later steps)";
    public const string LeasesTakenBack = "an expired lease is taken back within seconds (the history shows the attempt failed), whatever the definition";
    public const string RunsToEnd = "every accepted definition runs to COMPLETED with a trivial worker (or is refused at upload)";
}
