using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

/// <summary>What a command answers: its data, or a handled error (never both).</summary>
public sealed record CommandAnswer(JsonNode? Data, CommandError? Error)
{
    public static CommandAnswer Of(JsonNode? data) => new(data, null);

    public static CommandAnswer Failed(string message, string code) => new(null, new CommandError(message, code));
}
