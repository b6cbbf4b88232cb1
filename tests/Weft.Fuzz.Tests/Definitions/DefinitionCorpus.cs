using System.Globalization;
using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Definitions;

/// <summary>
/// The fixed run's systematic part: every hostile duration, number, string, JSON value, step type and YAML form of
/// the generators, once each, in a definition that is otherwise valid. The random part then combines them.
/// </summary>
public static class DefinitionCorpus
{
    private const string WrongType = "docs/api.md: a field of the wrong type is a 400";

    /// <summary>The corpus as uploads (valid definitions with one hostile field, then the YAML forms).</summary>
    public static IEnumerable<FuzzRequest> All(FuzzRandom random)
    {
        var ids = Ids();
        foreach (var definition in Definitions(random))
        {
            yield return DefinitionRequests.UploadOf(random, definition, oddContentType: false);
        }

        for (var kind = 0; kind < YamlAbuse.Kinds; kind++)
        {
            yield return DefinitionRequests.UploadYaml(random, ids(), kind);
        }
    }

    /// <summary>
    /// Valid definitions with one hostile field each. Each has its own id (corpus-N) and step ids (cNs1 …), so that no
    /// two share a default job type.
    /// </summary>
    public static IReadOnlyList<GeneratedDefinition> Definitions(FuzzRandom random)
    {
        var count = 0;
        (string, string) Next()
        {
            var n = (++count).ToString(CultureInfo.InvariantCulture);
            return ($"corpus-{n}", $"c{n}s");
        }

        GeneratedDefinition Step(string field, object? value, string label, string? mustFail)
        {
            var (id, prefix) = Next();
            return DefinitionGenerator.WithStepField(random, id, field, value, label, mustFail, prefix);
        }

        GeneratedDefinition Top(string field, object? value, string label, string? mustFail)
        {
            var (id, prefix) = Next();
            return DefinitionGenerator.WithField(random, id, field, value, label, mustFail, prefix);
        }

        var definitions = new List<GeneratedDefinition>();
        foreach (var (text, notIso) in HostileDurations.All)
        {
            var notIsoReason = notIso ? "docs/definitions.md: a duration that is not ISO-8601 is refused" : null;
            definitions.Add(Step("timeout", text, $"timeout {Printable.Shorten(text, 40)}", notIsoReason));
            definitions.Add(Step("retryBackoff", new JsonFields { { "initial", text } },
                $"retryBackoff.initial {Printable.Shorten(text, 40)}", notIsoReason));
        }

        foreach (var (text, label, notWhole) in HostileNumbers.ForIntFields)
        {
            definitions.Add(Step("retryCount", new RawJson(text), $"retryCount {label}",
                notWhole ? WrongType : text == "-1" ? "docs/definitions.md: a negative retryCount is refused" : null));
        }

        foreach (var (value, label) in HostileStrings.All)
        {
            definitions.Add(Top("id", value, $"definition id: {label}",
                DefinitionGenerator.IsValidId(value) ? null : "docs/definitions.md: the id must match ^[A-Za-z0-9_:\\-]+$ and be at most 256 characters"));
            definitions.Add(Step("jobType", value, $"jobType: {label}", null));
            definitions.Add(Top("name", value, $"name: {label}", null));
        }

        for (var kind = 0; kind < HostileJson.Kinds; kind++)
        {
            var (value, label) = HostileJson.Object(kind, random);
            definitions.Add(Top("metadata", value, $"metadata: {label}", null));
        }

        foreach (var type in DefinitionGenerator.NotRunnableTypes)
        {
            definitions.Add(Step("type", type, $"step type {type}",
                $"docs/definitions.md: a step of type {type} without the fields of its type is refused at upload"));
        }

        return definitions;
    }

    /// <summary>Ids yaml-1, yaml-2 …</summary>
    private static Func<string> Ids()
    {
        var count = 0;
        return () => $"yaml-{(++count).ToString(CultureInfo.InvariantCulture)}";
    }
}
