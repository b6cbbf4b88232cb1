using Weft.Engine.Instances;

namespace Weft.Storage.Rows;

internal sealed class InstanceRow
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public long DefinitionVersion { get; set; }
    public string Status { get; set; } = "";
    public string? BusinessKey { get; set; }
    public string Variables { get; set; } = "{}";
    public string CurrentStepIds { get; set; } = "[]";
    public string? ParentInstanceId { get; set; }
    public string? ParentTokenId { get; set; }
    public string? FailureReason { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? CompletedAt { get; set; }

    public static InstanceRow From(WorkflowInstance i) => new()
    {
        Id = i.Id,
        DefinitionId = i.DefinitionId,
        DefinitionVersion = i.DefinitionVersion,
        Status = RowConvert.ToText(i.Status),
        BusinessKey = i.BusinessKey,
        Variables = i.Variables.ToJsonString(),
        CurrentStepIds = RowConvert.ToJson(i.CurrentStepIds),
        ParentInstanceId = i.ParentInstanceId,
        ParentTokenId = i.ParentTokenId,
        FailureReason = i.FailureReason,
        CreatedAt = RowConvert.ToMillis(i.CreatedAt),
        UpdatedAt = RowConvert.ToMillis(i.UpdatedAt),
        CompletedAt = RowConvert.ToMillis(i.CompletedAt),
    };

    public WorkflowInstance ToInstance() => new()
    {
        Id = Id,
        DefinitionId = DefinitionId,
        DefinitionVersion = (int)DefinitionVersion,
        Status = RowConvert.ToEnum<InstanceStatus>(Status),
        BusinessKey = BusinessKey,
        Variables = RowConvert.ToObject(Variables)!,
        CurrentStepIds = RowConvert.ToList(CurrentStepIds),
        ParentInstanceId = ParentInstanceId,
        ParentTokenId = ParentTokenId,
        FailureReason = FailureReason,
        CreatedAt = RowConvert.FromMillis(CreatedAt),
        UpdatedAt = RowConvert.FromMillis(UpdatedAt),
        CompletedAt = RowConvert.FromMillis(CompletedAt),
    };
}
