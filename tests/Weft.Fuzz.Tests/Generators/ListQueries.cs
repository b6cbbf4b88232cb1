using System.Globalization;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>Query strings for the list routes: paging numbers out of range or not numbers, odd filters, repeated and unknown parameters.</summary>
public static class ListQueries
{
    private static readonly string[] Numbers =
        ["0", "1", "-1", "20", "500", "501", "2147483647", "2147483648", "-2147483649", "1e3", "1.5", "abc", "", "%00", "99999999999999999999", "%201"];

    private static readonly string[] Statuses =
        ["ACTIVE", "active", "Completed", "CANCELLED", "DONE", "", "%00", "1", "ACTIVE,COMPLETED", "%C3%A9", "ACTIVE%00"];

    private static readonly string[] KnownStatuses = ["ACTIVE", "WAITING", "SUSPENDED", "COMPLETED", "FAILED", "CANCELLED"];

    /// <param name="filters">The route's text filters, e.g. definitionId and businessKey, or keyword.</param>
    /// <param name="hasStatus">Whether the route filters by status.</param>
    public static (string Query, string Label, string? MustFail) Any(FuzzRandom random, IReadOnlyList<string> filters, bool hasStatus)
    {
        switch (random.Between(0, 6))
        {
            case 0:
            case 1:
                var field = random.Pick("page", "pageSize");
                var number = random.PickFrom(Numbers);
                return ($"?{field}={number}", $"{field}={number}", PagingProblem(field, number));
            case 2 when hasStatus:
                var status = random.PickFrom(Statuses);
                var known = status.Length == 0 || KnownStatuses.Contains(status, StringComparer.OrdinalIgnoreCase);
                return ($"?status={status}", $"status={status}", known ? null : "docs/api.md: an unknown status is a 400");
            case 3:
                var (text, label) = HostileStrings.Any(random);
                var filter = random.PickFrom(filters);
                return ($"?{filter}={HostilePaths.Encode(text)}", $"{filter}: {label}", null);
            case 4:
                return ("?page=1&page=2&pageSize=1&pageSize=900", "repeated paging parameters", null);
            case 5:
                return ($"?{random.Pick("foo=bar", "page", "=1", "&&&", "%00=1", "pageSize=%00")}", "odd query syntax", null);
            default:
                return ($"?pageSize={random.Between(1, 500).ToString(CultureInfo.InvariantCulture)}&page={random.Between(0, 3).ToString(CultureInfo.InvariantCulture)}", "valid paging", null);
        }
    }

    private static string? PagingProblem(string field, string number)
    {
        if (number.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(Uri.UnescapeDataString(number), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return $"docs/api.md: a {field} that is not a whole number is a bad query parameter (400)";
        }

        return field == "page"
            ? value < 0 ? "docs/api.md: page starts at 0" : null
            : value is < 1 or > 500 ? "docs/api.md: pageSize is 1 to 500" : null;
    }
}
