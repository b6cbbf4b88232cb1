using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>
/// YAML documents that only YAML can express: anchors and aliases (also recursive ones), merge keys, tags,
/// several documents in one stream, complex keys, directives, tabs, a byte order mark. Alias bombs are in
/// <c>YamlAliasBombTests</c>, which watches the server's memory.
/// </summary>
public static class YamlAbuse
{
    /// <param name="Yaml">The document.</param>
    /// <param name="Label">What is odd about it.</param>
    /// <param name="MustFail">Why it must be refused, or null.</param>
    /// <param name="AlsoStored">Ids of further definitions in the stream that an accepting server must also have stored.</param>
    public sealed record Case(string Yaml, string Label, string? MustFail, IReadOnlyList<string> AlsoStored);

    /// <summary>How many kinds of document <see cref="Of"/> makes.</summary>
    public const int Kinds = 22;

    public static Case Any(FuzzRandom random, string id) => Of(random.Between(0, Kinds - 1), random, id);

    /// <summary>A document of one kind (0 to <see cref="Kinds"/> − 1).</summary>
    public static Case Of(int kind, FuzzRandom random, string id)
    {
        var steps = Steps();
        return kind switch
        {
            0 => new($"id: {id}\nmetadata:\n  a: &x hello\n  b: *x\n{steps}", "anchor and alias in metadata", null, []),
            1 => new($"id: {id}\nmetadata: &m {{self: *m}}\n{steps}", "recursive alias (metadata contains itself)", "a recursive alias has no finite value", []),
            2 => new($"id: {id}\nmetadata:\n  list: &l [1, *l]\n{steps}", "recursive alias in a list", "a recursive alias has no finite value", []),
            3 => new($"id: {id}\nsteps: &s\n  - id: s1\n    type: SERVICE_TASK\n    nextStep: end\n  - id: end\n    type: END\nmetadata: {{again: *s}}\n",
                "steps aliased again in metadata", null, []),
            4 => new($"id: {id}\nmetadata:\n  base: &b {{x: 1}}\n  derived:\n    <<: *b\n    y: 2\n{steps}", "merge key <<", null, []),
            5 => new($"id: !!str {id}\nmetadata:\n  bin: !!binary aGVsbG8=\n  custom: !thing x\n  int: !!int \"12\"\n{steps}", "tags (!!str, !!binary, !custom)", null, []),
            6 => new($"id: {id}\n{steps}---\nid: {id}-second\n{steps}", "two definitions in one stream",
                null, [$"{id}-second"]),
            7 => new($"id: {id}\n{steps}---\n[1, 2, 3]\n", "a definition, then a document that is not one",
                "the second YAML document would be dropped without a word", []),
            8 => new($"id: {id}\n{steps}---\nid: {id}\nname: changed\n{steps}", "the same definition twice, changed the second time",
                "the second YAML document would be dropped without a word", []),
            9 => new($"---\n---\nid: {id}\n{steps}", "an empty document, then the definition", null, []),
            10 => new($"id: {id}\nmetadata:\n  ? [a, b]\n  : c\n{steps}", "a complex (list) key", null, []),
            11 => new($"\ufeffid: {id}\n{steps}", "a byte order mark", null, []),
            12 => new($"id: {id}\nsteps:\n\t- id: s1\n", "tabs for indentation", "YAML forbids tabs for indentation", []),
            13 => new($"%YAML 1.2\n---\nid: {id}\n{steps}...\n", "a %YAML directive and a document end marker", null, []),
            14 => new($"%YAML 9.9\n---\nid: {id}\n{steps}", "an unknown YAML version", null, []),
            15 => new("# only a comment\n", "only a comment", "docs/definitions.md: a definition has an id and steps", []),
            16 => new("just a sentence", "a plain scalar", "docs/definitions.md: a definition is an object", []),
            17 => new($"id: {id}\nmetadata: {{ref: *nowhere}}\n{steps}", "an alias to an anchor that does not exist", "an undefined alias is invalid YAML", []),
            18 => new($"id: {id}\nid: {id}-again\n{steps}", "a duplicate key", null, []),
            19 => new($"id: {id}\nmetadata:\n  nul: \"a\\0b\"\n  surrogate: \"\\ud800\"\n  raw: \"\u0001\"\n{steps}", "escapes for NUL and a lone surrogate", null, []),
            20 => new($"id: {id}\nsteps:\n  - id: s1\n    type: SERVICE_TASK\n    retryCount: {random.Pick(".inf", ".nan", "0x10", "0o17", "1_000", "+3", "~", "1e400")}\n    nextStep: end\n  - id: end\n    type: END\n",
                "a YAML-only number form for retryCount", null, []),
            _ => new($"id: {id}\r\nsteps:\r\n  - id: s1\r\n    type: SERVICE_TASK\r\n    nextStep: end\r\n  - id: end\r\n    type: END\r\n", "CRLF line ends", null, []),
        };
    }

    private static string Steps() => "steps:\n  - id: s1\n    type: SERVICE_TASK\n    nextStep: end\n  - id: end\n    type: END\n";
}
