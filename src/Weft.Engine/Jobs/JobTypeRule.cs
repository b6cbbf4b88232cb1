namespace Weft.Engine.Jobs;

/// <summary>
/// What a job type may be. One rule for both ends, so that every job type a definition accepts is one a worker can
/// poll for: a step's <c>jobType</c> at upload, and each entry of a poll's <c>jobTypes</c>.
/// </summary>
public static class JobTypeRule
{
    public const int MaxLength = 256;

    /// <summary>Null when <paramref name="jobType"/> is acceptable; otherwise what is wrong with it, e.g. "is blank".</summary>
    public static string? Check(string? jobType)
    {
        if (string.IsNullOrWhiteSpace(jobType))
        {
            return "is blank; name the kind of work, e.g. \"send-email\"";
        }

        if (jobType.Length > MaxLength)
        {
            return $"is {jobType.Length:N0} characters long; the limit is {MaxLength}";
        }

        if (char.IsWhiteSpace(jobType[0]) || char.IsWhiteSpace(jobType[^1]))
        {
            return $"'{jobType}' starts or ends with white space; remove it";
        }

        if (jobType.Any(char.IsControl))
        {
            return "contains a control character (such as a tab, a line break or NUL); use visible characters only";
        }

        return null;
    }
}
