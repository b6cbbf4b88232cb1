using Weft.Engine.Timers;

namespace Weft.Storage.Rows;

internal sealed class TimerRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string TokenId { get; set; } = "";
    public string StepId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? TargetStepId { get; set; }
    public bool Interrupting { get; set; }
    public long DueAt { get; set; }
    public string Status { get; set; } = "";
    public long CreatedAt { get; set; }

    public static TimerRow From(WorkflowTimer t) => new()
    {
        Id = t.Id,
        InstanceId = t.InstanceId,
        TokenId = t.TokenId,
        StepId = t.StepId,
        Kind = RowConvert.ToText(t.Kind),
        TargetStepId = t.TargetStepId,
        Interrupting = t.Interrupting,
        DueAt = RowConvert.ToMillis(t.DueAt),
        Status = RowConvert.ToText(t.Status),
        CreatedAt = RowConvert.ToMillis(t.CreatedAt),
    };

    public WorkflowTimer ToTimer() => new()
    {
        Id = Id,
        InstanceId = InstanceId,
        TokenId = TokenId,
        StepId = StepId,
        Kind = RowConvert.ToEnum<TimerKind>(Kind),
        TargetStepId = TargetStepId,
        Interrupting = Interrupting,
        DueAt = RowConvert.FromMillis(DueAt),
        Status = RowConvert.ToEnum<TimerStatus>(Status),
        CreatedAt = RowConvert.FromMillis(CreatedAt),
    };
}
