using System.Text.Json.Serialization;

namespace Weft.Engine.Selectors;

/// <summary>What a bulk command did not act on, and why: a selector that named nothing, or an instance it could not change.</summary>
public sealed record Unmatched(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Selector,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InstanceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StepId,
    string Reason);
