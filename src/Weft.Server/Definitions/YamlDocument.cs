using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Engine;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Weft.Server.Definitions;

/// <summary>
/// Reads a YAML definition into the same JSON the definition parser takes, keeping numbers and booleans typed. Only
/// the part of YAML that JSON can say is taken: one document, no anchors or aliases (an alias repeats a node, and a
/// few hundred bytes of nested aliases expand to gigabytes), nesting as deep as JSON allows, valid Unicode text.
/// </summary>
internal static class YamlDocument
{
    /// <summary>The same nesting limit as for JSON documents.</summary>
    public const int MaxDepth = JsonInput.MaxDepth;

    public static string ToJson(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            // Loading (and converting) recurse once per level and expand aliases: check the document first with the
            // event parser, which does neither, so that nothing is built from a document that will be refused.
            EnsureJsonShaped(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw WeftException.Invalid($"The definition is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}");
        }
        catch (ArgumentException)
        {
            // YamlDotNet's scanner throws this for a \u escape of a surrogate that does not pair (e.g. "\udc00\ud800").
            throw WeftException.Invalid(
                "The definition has text that is not valid Unicode: a \\u escape of a UTF-16 surrogate that is not part of a pair. Use surrogates only in pairs.");
        }

        if (stream.Documents.Count == 0)
        {
            throw WeftException.Invalid("The YAML definition is empty. Send a document with an 'id' and 'steps'.");
        }

        return (Convert(stream.Documents[0].RootNode)?.ToJsonString()) ?? "null";
    }

    private static void EnsureJsonShaped(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        var documents = 0;
        while (parser.MoveNext())
        {
            var line = parser.Current!.Start.Line;
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    throw WeftException.Invalid(
                        $"The definition uses the YAML alias '*{alias.Value}' (line {line}); Weft does not take anchors or aliases. Write the value out in full.");
                case NodeEvent { Anchor.IsEmpty: false } node:
                    throw WeftException.Invalid(
                        $"The definition sets the YAML anchor '&{node.Anchor}' (line {line}); Weft does not take anchors or aliases. Write the value out in full.");
                case DocumentStart when ++documents > 1:
                    throw WeftException.Invalid(
                        $"The upload holds more than one YAML document (the second starts at line {line}); send one definition per upload.");
                case Scalar scalar when !JsonInput.IsValidUnicode(scalar.Value):
                    throw WeftException.Invalid(
                        $"The definition has text that is not valid Unicode at line {line}: it holds a lone UTF-16 surrogate (such as \\udc00). Use surrogates only in pairs.");
                default:
                    break;
            }

            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw WeftException.Invalid(
                        $"The definition is nested more than {MaxDepth} levels deep (line {line}); a definition needs only a few.");
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
        _ => throw new InvalidOperationException($"A {node.NodeType} node passed the check of EnsureJsonShaped."),
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
