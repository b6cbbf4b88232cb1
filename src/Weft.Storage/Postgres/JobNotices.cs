using System.Text;

namespace Weft.Storage.Postgres;

/// <summary>
/// How job-ready notices travel between processes: on one PostgreSQL channel, as job types separated by line breaks
/// (a job type has no control characters), in as few payloads as fit PostgreSQL's limit of 8000 bytes each.
/// </summary>
internal static class JobNotices
{
    public const string Channel = "weft_jobs";

    private const int MaxPayloadBytes = 7999;

    public static List<string> Payloads(IEnumerable<string> jobTypes)
    {
        var payloads = new List<string>();
        var payload = new StringBuilder();
        var bytes = 0;
        foreach (var jobType in jobTypes.Distinct(StringComparer.Ordinal))
        {
            var size = Encoding.UTF8.GetByteCount(jobType);
            if (size == 0 || size > MaxPayloadBytes)
            {
                continue; // never a valid job type; waiting workers still find such jobs when they poll
            }

            if (payload.Length > 0 && bytes + 1 + size > MaxPayloadBytes)
            {
                payloads.Add(payload.ToString());
                payload.Clear();
                bytes = 0;
            }

            if (payload.Length > 0)
            {
                payload.Append('\n');
                bytes++;
            }

            payload.Append(jobType);
            bytes += size;
        }

        if (payload.Length > 0)
        {
            payloads.Add(payload.ToString());
        }

        return payloads;
    }

    public static string[] JobTypes(string payload) => payload.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
