using Weft.Engine.Instances;

namespace Weft.Storage.Rows;

internal sealed class StepExecutionRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string TokenId { get; set; } = "";
    public string StepId { get; set; } = "";
    public string StepType { get; set; } = "";
    public string Status { get; set; } = "";
    public long Attempt { get; set; }
    public string? Input { get; set; }
    public string? Output { get; set; }
    public string? FailureReason { get; set; }
    public long StartedAt { get; set; }
    public long? CompletedAt { get; set; }

    public static StepExecutionRow From(StepExecution e) => new()
    {
        Id = e.Id,
        InstanceId = e.InstanceId,
        TokenId = e.TokenId,
        StepId = e.StepId,
        StepType = e.StepType,
        Status = RowConvert.ToText(e.Status),
        Attempt = e.AttemptNumber,
        Input = RowConvert.ToJson(e.Input),
        Output = RowConvert.ToJson(e.Output),
        FailureReason = e.FailureReason,
        StartedAt = RowConvert.ToMillis(e.StartedAt),
        CompletedAt = RowConvert.ToMillis(e.EndedAt),
    };

    public StepExecution ToStepExecution() => new()
    {
        Id = Id,
        InstanceId = InstanceId,
        TokenId = TokenId,
        StepId = StepId,
        StepType = StepType,
        Status = RowConvert.ToEnum<StepExecutionStatus>(Status),
        AttemptNumber = (int)Attempt,
        Input = RowConvert.ToObject(Input),
        Output = RowConvert.ToObject(Output),
        FailureReason = FailureReason,
        StartedAt = RowConvert.FromMillis(StartedAt),
        EndedAt = RowConvert.FromMillis(CompletedAt),
    };
}
