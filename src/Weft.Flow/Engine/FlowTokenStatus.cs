using System.Text.Json.Serialization;

namespace Weft.Flow;

/// <summary>The status of one token (the original's object status).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlowTokenStatus>))]
public enum FlowTokenStatus
{
    /// <summary>Not processed (or skipped with <c>SkipToken()</c>, or aborted).</summary>
    Initial,

    /// <summary>Being processed.</summary>
    Running,

    /// <summary>A task halted on this token.</summary>
    Halted,

    /// <summary>A task failed on this token.</summary>
    Error,

    /// <summary>The token's tasks ran (to the end, or until a task ended the token).</summary>
    Completed,
}
