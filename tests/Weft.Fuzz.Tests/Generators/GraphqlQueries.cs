using System.Text;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>
/// GraphQL query texts for the Weft schema: valid ones, and ones hostile in one named way (too deep, too costly, too
/// long, a mutation, cut short, fragments that cycle, arguments of the wrong type…).
/// </summary>
public static class GraphqlQueries
{
    private static readonly string[] Valid =
    [
        "{ definitions { total items { id version stepIds } } }",
        "{ instances(pageSize: 5) { total items { id status businessKey currentStepIds heldStepIds } } }",
        "{ instances(filter: {definitionId: \"fx\", status: \"ACTIVE\"}) { items { id tokens { id stepId status } jobs { id status } history { stepId status } } } }",
        "{ jobs(status: \"UNLOCKED\") { total items { id jobType status } } }",
        "{ userTasks { total } catalog { namespace } workers { workerId } }",
        "query Q($id: String!) { instance(id: $id) { id status variables timers { id } progress { percent } userTasks { id } } }",
        "{ definition(id: \"fx\") { id document } }",
        "{ __schema { types { name } } }",
        "{ __typename }",
    ];

    /// <summary>A query text and what is hostile about it.</summary>
    public static (string Query, string Label) Any(FuzzRandom random) => random.Between(0, 19) switch
    {
        < 4 => (random.PickFrom(Valid), "a valid query"),
        4 => (Nested(random.Between(9, 60)), "nested deeper than 8"),
        5 => (Aliases(random.Pick(50, 300, 2_000)), "the same list under many aliases (complexity)"),
        6 => ("{ instances(pageSize: " + random.Pick("101", "1000000", "-1", "0", "2147483648", "1e9", "\"5\"", "null") + ") { total } }", "a page size out of range or of the wrong type"),
        7 => ("{ instances(page: " + random.Pick("-1", "2147483647", "99999999999", "1.5") + ") { total } }", "a page out of range"),
        8 => ("mutation { " + random.Pick("cancel", "instances", "start(id: \"x\")") + " }", "a mutation (read-only schema)"),
        9 => ("subscription { instances { total } }", "a subscription"),
        10 => Cut(random),
        11 => ("fragment A on Query { ...B } fragment B on Query { ...A } { ...A }", "fragments that cycle"),
        12 => ("{ " + string.Concat(Enumerable.Repeat("__typename ", random.Pick(100, 5_000))) + "}", "many fields"),
        13 => (new string('{', 25_000) + new string('}', 25_000), "over the length limit, braces only"),
        14 => ("{ instances(filter: {status: \"" + random.PickFrom(HostileStrings.All).Value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"}) { total } }", "a hostile filter value"),
        15 => HostileStrings.Any(random) is var (text, label) ? (text, $"query text: {label}") : default,
        16 => ("{ nope { id } instance { id } definition(id: 5) { id } }", "unknown fields, missing and mistyped arguments"),
        17 => ("{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }", "deep introspection"),
        18 => ("query A { __typename } query B { __typename }", "two operations and no operationName"),
        _ => ("{ instances @skip(if: " + random.Pick("true", "false", "\"x\"", "$nope") + ") { total } }", "a directive"),
    };

    private static string Nested(int depth) =>
        // __Type.ofType is a __Type: the one field of the schema that nests as deep as asked.
        "{ __schema { types { fields { type " + string.Concat(Enumerable.Repeat("{ ofType ", depth)) + "{ name }" + new string('}', depth) + " } } } }";

    private static string Aliases(int count)
    {
        var text = new StringBuilder("{ ");
        for (var i = 0; i < count; i++)
        {
            text.Append('a').Append(i).Append(": instances(pageSize: 100) { items { tokens { id } jobs { id } history { id } } } ");
        }

        return text.Append('}').ToString();
    }

    private static (string, string) Cut(FuzzRandom random)
    {
        var valid = random.PickFrom(Valid);
        return (valid[..random.Between(1, valid.Length - 1)], "a valid query cut short");
    }
}
