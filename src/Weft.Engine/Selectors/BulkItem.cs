using System.Text.Json.Serialization;

namespace Weft.Engine.Selectors;

/// <summary>One change a bulk command made: the instance, the step when the command acts on steps, and what happened.</summary>
public sealed record BulkItem(
    string InstanceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StepId,
    string Result);
