using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

/// <summary>
/// One command of <c>POST /v1/commands</c>: its name, a one-line summary, its arguments and an example, and what it
/// does, which is a call of the engine's services (no rule of its own).
/// </summary>
public abstract class WeftCommand
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    public virtual IReadOnlyList<CommandArgument> Arguments => [];

    /// <summary>The <c>args</c> of the example the help shows.</summary>
    public virtual JsonObject ExampleArgs => [];

    /// <summary>The whole example envelope: <c>{"command", "args"}</c>.</summary>
    public JsonObject ExampleEnvelope => new() { ["command"] = Name, ["args"] = ExampleArgs };

    public abstract Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken);
}
