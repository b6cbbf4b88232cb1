using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Engine;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Weft.Server.Definitions;

/// <summary>Reads a YAML definition into the same JSON the definition parser takes, keeping numbers and booleans typed.</summary>
internal static class YamlDocument
{
    /// <summary>The same nesting limit System.Text.Json applies to JSON documents.</summary>
    public const int MaxDepth = 64;

    public static string ToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            // Loading (and converting) recurse once per level: check the depth first, with the event parser, which
            // does not recurse, so that a deeply nested document is refused instead of overflowing the stack.
            EnsureDepthWithinLimit(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw WeftException.Invalid($"The definition is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            throw WeftException.Invalid("The YAML definition is empty. Send a document with an 'id' and 'steps'.");
        }

        return (Convert(stream.Documents[0].RootNode)?.ToJsonString()) ?? "null";
    }

    private static void EnsureDepthWithinLimit(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw WeftException.Invalid(
                        $"The definition is nested more than {MaxDepth} levels deep (line {parser.Current.Start.Line}); a definition needs only a few.");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                default:
                    break;
            }
        }
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw WeftException.Invalid($"YAML aliases and anchors are not supported (line {node.Start.Line})."),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value
                ?? throw WeftException.Invalid($"YAML keys must be plain text (line {key.Start.Line}).");
            result[name] = Convert(value);
        }

        return result;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsNaN(number) && !double.IsInfinity(number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
