using System.Text.Json;

namespace Weft.Flow;

/// <summary>
/// The stored form of an engine: status, token statuses, state, and the tokens and <c>ExtraData</c> as JSON.
/// Create one with <c>engine.CreateSnapshot()</c>; load it into a new engine with <c>engine.Restore(snapshot)</c>.
/// </summary>
public sealed record FlowSnapshot
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The engine's status.</summary>
    public required FlowStatus Status { get; init; }

    /// <summary>The status of each token.</summary>
    public required IReadOnlyList<FlowTokenStatus> TokenStatuses { get; init; }

    /// <summary>The engine's <c>State.TokenPos</c>.</summary>
    public required int TokenPos { get; init; }

    /// <summary>The engine's <c>State.CallbackPos</c>.</summary>
    public required IReadOnlyList<int> CallbackPos { get; init; }

    /// <summary>The tokens, as a JSON array.</summary>
    public required JsonElement Tokens { get; init; }

    /// <summary>The engine's <c>ExtraData</c>, as a JSON object.</summary>
    public required JsonElement ExtraData { get; init; }

    /// <summary>The snapshot as one JSON document (what the stores save).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a snapshot.</exception>
    public static FlowSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<FlowSnapshot>(json, JsonOptions) ?? throw new JsonException("The JSON text holds no flow snapshot.");
}
