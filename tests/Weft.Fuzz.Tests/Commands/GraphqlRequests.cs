using System.Text;
using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Commands;

/// <summary>Generated <c>POST /v1/graphql</c> requests: hostile queries, variables and operation names, and broken bodies.</summary>
public static class GraphqlRequests
{
    public const string Route = "/v1/graphql";

    private const string ReadOnly = "GraphQL is read-only";

    public static FuzzRequest Any(FuzzRandom random, IReadOnlyList<string> instanceIds)
    {
        switch (random.Between(0, 9))
        {
            case 0:
                var (body, bodyLabel, mustFail) = BodyMutations.Whole(random, """{"query":"{ instances { total } }","variables":{}}""", required: true);
                return new FuzzRequest("POST", Route, Route, $"body: {bodyLabel}") { ContentType = "application/json", Body = body, MustFail = mustFail, ReadOnly = ReadOnly };
            case 1:
                return BadFields(random);
            default:
                var (query, label) = GraphqlQueries.Any(random);
                var fields = new JsonFields { { "query", query } };
                if (random.Chance(0.5))
                {
                    var id = instanceIds.Count > 0 && random.Chance(0.5) ? random.PickFrom(instanceIds) : "nope";
                    var (variables, variablesLabel) = random.Chance(0.5) ? (new JsonFields { { "id", id } }, "") : HostileJson.Object(random);
                    fields.Add("variables", variables);
                    label += variablesLabel.Length == 0 ? "" : $", variables: {variablesLabel}";
                }

                if (random.Chance(0.2))
                {
                    fields.Add("operationName", random.Pick("Q", "A", "nope", ""));
                }

                return Json(fields, $"query: {label}", mustFail: null);
        }
    }

    /// <summary>The request's own fields of the wrong type or missing.</summary>
    private static FuzzRequest BadFields(FuzzRandom random)
    {
        var (value, label) = HostileJson.Value(random);
        return random.Between(0, 3) switch
        {
            0 => Json(new JsonFields { { "query", value } }, $"query is {label}",
                value is string || (value is RawJson raw && raw.Text.StartsWith('"')) ? null : "docs/commands.md: the query is a string; a malformed request is a 400"),
            1 => Json(new JsonFields { { "query", "{ __typename }" }, { "variables", random.Pick<object?>(new RawJson("[]"), "x", 1, true) } }, "variables is not an object",
                "docs/commands.md: variables is an object; a malformed request is a 400"),
            2 => Json(new JsonFields { { "variables", new JsonFields() } }, "no query", "docs/commands.md: the request needs a query"),
            _ => Json(new JsonFields { { "query", "{ __typename }" }, { "operationName", value } }, $"operationName is {label}", null),
        };
    }

    private static FuzzRequest Json(JsonFields fields, string label, string? mustFail) =>
        new("POST", Route, Route, label)
        {
            ContentType = "application/json", Body = Encoding.UTF8.GetBytes(JsonText.Write(fields)), MustFail = mustFail, ReadOnly = ReadOnly,
        };
}
