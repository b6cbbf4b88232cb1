using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Api;

/// <summary>Weft's <c>/openapi/v1.json</c>, read from a running server and normalised for comparison.</summary>
public static class OpenApiDocument
{
    /// <summary>Stands in for the server's own URL, which holds the test server's random port.</summary>
    public const string ServerUrl = "http://127.0.0.1:PORT/";

    /// <summary>Stands in for the title, which ASP.NET Core makes of the host's name: "weft | v1", or "testhost | v1" in tests.</summary>
    public const string Title = "HOST | v1";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<JsonObject> FetchAsync(WeftTestServer server)
    {
        var text = await server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The document with every object's keys in ordinal order and the volatile server URL and title replaced; LF line ends.</summary>
    public static string Normalise(JsonObject document)
    {
        var sorted = Sorted(document)!.AsObject();
        if (sorted["info"] is JsonObject info && info.ContainsKey("title"))
        {
            info["title"] = Title;
        }

        if (sorted["servers"] is JsonArray servers)
        {
            foreach (var entry in servers.OfType<JsonObject>().Where(entry => entry.ContainsKey("url")))
            {
                entry["url"] = ServerUrl;
            }
        }

        return sorted.ToJsonString(Indented) + "\n";
    }

    /// <summary>
    /// A short line diff: the lines from the first difference to the last, with three lines of context before,
    /// at most <paramref name="maxLines"/> of each side.
    /// </summary>
    public static string ShortDiff(string expected, string actual, int maxLines = 25)
    {
        var want = expected.Split('\n');
        var got = actual.Split('\n');
        var start = 0;
        while (start < want.Length && start < got.Length && want[start] == got[start])
        {
            start++;
        }

        var wantEnd = want.Length;
        var gotEnd = got.Length;
        while (wantEnd > start && gotEnd > start && want[wantEnd - 1] == got[gotEnd - 1])
        {
            wantEnd--;
            gotEnd--;
        }

        var diff = new StringBuilder();
        diff.Append("@@ golden line ").Append(start + 1).Append(", served line ").Append(start + 1).Append(" @@\n");
        for (var i = Math.Max(0, start - 3); i < start; i++)
        {
            diff.Append("  ").Append(want[i]).Append('\n');
        }

        AppendSide(diff, '-', want[start..wantEnd], maxLines);
        AppendSide(diff, '+', got[start..gotEnd], maxLines);
        return diff.ToString();
    }

    private static void AppendSide(StringBuilder diff, char sign, string[] lines, int maxLines)
    {
        foreach (var line in lines.Take(maxLines))
        {
            diff.Append(sign).Append(' ').Append(line).Append('\n');
        }

        if (lines.Length > maxLines)
        {
            diff.Append(sign).Append(" … ").Append(lines.Length - maxLines).Append(" more lines\n");
        }
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(property => property.Key, StringComparer.Ordinal)
            .Select(property => KeyValuePair.Create(property.Key, Sorted(property.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
