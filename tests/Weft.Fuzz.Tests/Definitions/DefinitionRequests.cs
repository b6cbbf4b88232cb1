using System.Globalization;
using System.Text;
using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Definitions;

/// <summary>Generated requests for the definition routes: upload (JSON and YAML), get, get a version, and list.</summary>
public static class DefinitionRequests
{
    public const string Upload = "/v1/definitions";
    public const string List = "/v1/definitions";
    public const string One = "/v1/definitions/{id}";
    public const string Version = "/v1/definitions/{id}/versions/{version}";

    private const string NotJsonOrYaml = "docs/api.md: a body not sent as application/json (or YAML for a definition) is a 415";

    /// <summary>A mutated definition (JSON or YAML), or a valid one sent with an odd Content-Type: one thing wrong at a time.</summary>
    public static FuzzRequest UploadGenerated(FuzzRandom random, string id) => random.Chance(0.2)
        ? UploadOf(random, DefinitionGenerator.Valid(random, id), oddContentType: true)
        : UploadOf(random, DefinitionGenerator.Mutated(random, id), oddContentType: false);

    public static FuzzRequest UploadOf(FuzzRandom random, GeneratedDefinition definition, bool oddContentType)
    {
        var yaml = random.Chance(0.4);
        var (contentType, typeLabel, typeMustFail) = (yaml, oddContentType) switch
        {
            (true, false) => (random.Pick("application/yaml", "application/yaml", "text/yaml", "application/x-yaml", "application/yaml; charset=utf-8"), "", null),
            (false, false) => (random.Pick("application/json", "application/json", "application/json; charset=utf-8", "APPLICATION/JSON"), "", null),
            (true, true) => random.Between(0, 2) switch
            {
                0 => ((string?)"application/json", " sent as application/json", "YAML is not JSON: docs/api.md says malformed JSON is a 400"),
                1 => (null, " with no Content-Type", NotJsonOrYaml),
                _ => ("text/plain", " sent as text/plain", NotJsonOrYaml),
            },
            (false, true) => random.Between(0, 3) switch
            {
                0 => ((string?)"application/yaml", " sent as application/yaml", null),
                1 => (null, " with no Content-Type", NotJsonOrYaml),
                2 => ("text/plain", " sent as text/plain", NotJsonOrYaml),
                _ => ("application/x-www-form-urlencoded", " sent as a form", NotJsonOrYaml),
            },
        };
        var text = yaml ? definition.Yaml : definition.Json;
        return new FuzzRequest("POST", Upload, Upload, $"{definition.Label} ({(yaml ? "YAML" : "JSON")}{typeLabel})")
        {
            ContentType = contentType,
            Body = Encoding.UTF8.GetBytes(text),
            MustFail = definition.MustFail ?? typeMustFail,
            ReadBack = ReadBackStored,
        };
    }

    /// <summary>A YAML document that only YAML can express (anchors, tags, several documents …).</summary>
    public static FuzzRequest UploadYaml(FuzzRandom random, string id, int? kind = null)
    {
        var yaml = kind is { } k ? YamlAbuse.Of(k, random, id) : YamlAbuse.Any(random, id);
        return new FuzzRequest("POST", Upload, Upload, $"YAML: {yaml.Label}")
        {
            ContentType = "application/yaml",
            Body = Encoding.UTF8.GetBytes(yaml.Yaml),
            MustFail = yaml.MustFail,
            ReadBack = answer => ReadBackStored(answer).Concat(yaml.AlsoStored.Select(other =>
                FuzzRequest.Get($"/v1/definitions/{other}", One, "read back the second document's definition"))),
        };
    }

    /// <summary>A whole document that is a hostile JSON value (deep, wide, duplicate keys …) instead of a definition.</summary>
    public static FuzzRequest UploadHostileDocument(FuzzRandom random)
    {
        var (value, label) = HostileJson.Value(random);
        var json = random.Chance(0.5);
        return new FuzzRequest("POST", Upload, Upload, $"the document is {label} ({(json ? "JSON" : "YAML")})")
        {
            ContentType = json ? "application/json" : "application/yaml",
            Body = Encoding.UTF8.GetBytes(json ? JsonText.Write(value) : YamlText.Write(value)),
            MustFail = "docs/definitions.md: a definition is an object with an id and steps",
            ReadBack = ReadBackStored,
        };
    }

    public static FuzzRequest GetDefinition(FuzzRandom random, IReadOnlyList<string> known)
    {
        var (segment, label) = random.Chance(0.3) && known.Count > 0 ? (random.PickFrom(known), "an existing definition") : HostilePaths.Any(random);
        return FuzzRequest.Get($"/v1/definitions/{segment}", One, $"id: {label}");
    }

    public static FuzzRequest GetVersion(FuzzRandom random, IReadOnlyList<string> known)
    {
        if (random.Chance(0.5) && known.Count > 0)
        {
            var (version, label) = HostilePaths.Any(random);
            return FuzzRequest.Get($"/v1/definitions/{random.PickFrom(known)}/versions/{version}", Version, $"version: {label}");
        }

        var (segment, idLabel) = HostilePaths.Any(random);
        return FuzzRequest.Get($"/v1/definitions/{segment}/versions/1", Version, $"id: {idLabel}");
    }

    public static FuzzRequest ListDefinitions(FuzzRandom random)
    {
        var (query, label, mustFail) = ListQueries.Any(random, ["keyword"], hasStatus: false);
        return FuzzRequest.Get(List + query, List, label) with { MustFail = mustFail };
    }

    /// <summary>The stored definition, by id, by version, and in the list.</summary>
    public static IEnumerable<FuzzRequest> ReadBackStored(FuzzAnswer answer)
    {
        var id = AnswerJson.Text(answer, "id");
        var version = AnswerJson.Number(answer, "version");
        if (id is null || version is null)
        {
            yield return FuzzRequest.Get("/v1/definitions/(the answer has no id or version)", One, "read back");
            yield break;
        }

        var path = $"/v1/definitions/{HostilePaths.Encode(id)}";
        yield return FuzzRequest.Get(path, One, "read back");
        yield return FuzzRequest.Get($"{path}/versions/{version.Value.ToString(CultureInfo.InvariantCulture)}", Version, "read back");
        yield return FuzzRequest.Get($"/v1/definitions?keyword={HostilePaths.Encode(id)}", List, "read back");
    }
}
