using System.Text.Json.Serialization;

namespace Weft.Flow;

/// <summary>The status of an engine (the original's workflow status).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlowStatus>))]
public enum FlowStatus
{
    /// <summary>Never processed.</summary>
    New,

    /// <summary>Processing tokens.</summary>
    Running,

    /// <summary>A task halted; the engine can be inspected, changed and restarted.</summary>
    Halted,

    /// <summary>A task failed and processing stopped.</summary>
    Error,

    /// <summary>Processing ran to its end (including an explicit <c>Stop()</c> or <c>Abort()</c>).</summary>
    Completed,
}
