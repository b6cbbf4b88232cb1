using Weft.Engine.UserTasks;

namespace Weft.Storage.Rows;

internal sealed class UserTaskRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string TokenId { get; set; } = "";
    public string StepId { get; set; } = "";
    public string StepExecutionId { get; set; } = "";
    public string? Name { get; set; }
    public string Status { get; set; } = "";
    public string? Assignee { get; set; }
    public string CandidateGroups { get; set; } = "[]";
    public long CreatedAt { get; set; }
    public long? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? Result { get; set; }

    public static UserTaskRow From(UserTask t) => new()
    {
        Id = t.Id,
        InstanceId = t.InstanceId,
        TokenId = t.TokenId,
        StepId = t.StepId,
        StepExecutionId = t.StepExecutionId,
        Name = t.Name,
        Status = RowConvert.ToText(t.Status),
        Assignee = t.Assignee,
        CandidateGroups = RowConvert.ToJson(t.CandidateGroups),
        CreatedAt = RowConvert.ToMillis(t.CreatedAt),
        CompletedAt = RowConvert.ToMillis(t.CompletedAt),
        CompletedBy = t.CompletedBy,
        Result = RowConvert.ToJson(t.Result),
    };

    public UserTask ToUserTask() => new()
    {
        Id = Id,
        InstanceId = InstanceId,
        TokenId = TokenId,
        StepId = StepId,
        StepExecutionId = StepExecutionId,
        Name = Name,
        Status = RowConvert.ToEnum<UserTaskStatus>(Status),
        Assignee = Assignee,
        CandidateGroups = RowConvert.ToList(CandidateGroups),
        CreatedAt = RowConvert.FromMillis(CreatedAt),
        CompletedAt = RowConvert.FromMillis(CompletedAt),
        CompletedBy = CompletedBy,
        Result = RowConvert.ToObject(Result),
    };
}
