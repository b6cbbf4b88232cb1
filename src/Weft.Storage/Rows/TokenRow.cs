using Weft.Engine.Tokens;

namespace Weft.Storage.Rows;

internal sealed class TokenRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string StepId { get; set; } = "";
    public string Status { get; set; } = "";
    public string? ParentTokenId { get; set; }
    public string? ForkId { get; set; }
    public string? AwaitedForkId { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public static TokenRow From(Token t) => new()
    {
        Id = t.Id,
        InstanceId = t.InstanceId,
        StepId = t.StepId,
        Status = RowConvert.ToText(t.Status),
        ParentTokenId = t.ParentTokenId,
        ForkId = t.ForkId,
        AwaitedForkId = t.AwaitedForkId,
        CreatedAt = RowConvert.ToMillis(t.CreatedAt),
        UpdatedAt = RowConvert.ToMillis(t.UpdatedAt),
    };

    public Token ToToken() => new()
    {
        Id = Id,
        InstanceId = InstanceId,
        StepId = StepId,
        Status = RowConvert.ToEnum<TokenStatus>(Status),
        ParentTokenId = ParentTokenId,
        ForkId = ForkId,
        AwaitedForkId = AwaitedForkId,
        CreatedAt = RowConvert.FromMillis(CreatedAt),
        UpdatedAt = RowConvert.FromMillis(UpdatedAt),
    };
}
