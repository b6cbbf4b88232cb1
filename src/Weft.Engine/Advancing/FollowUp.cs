using System.Text.Json.Nodes;
using Weft.Engine.Instances;

namespace Weft.Engine.Advancing;

/// <summary>
/// A change an advance asks of another instance: applied by <see cref="AdvanceSession"/> in the same transaction,
/// so a parent and its child (or a chain A → B) move together.
/// </summary>
internal abstract record FollowUp
{
    public sealed record StartChild(
        string ParentInstanceId, string ParentTokenId, string StepId, string DefinitionId, int? Version, JsonObject Variables, string? BusinessKey) : FollowUp;

    public sealed record NotifyParent(string ParentInstanceId, string ParentTokenId, string ChildInstanceId, InstanceStatus Status, JsonObject Variables, string? Reason) : FollowUp;

    /// <summary><c>autoStartNextWorkflow</c>: start <paramref name="DefinitionId"/> with the finished instance's variables.</summary>
    public sealed record StartNext(string FromInstanceId, string DefinitionId, JsonObject Variables, string? BusinessKey) : FollowUp;

    /// <summary>Cancel the live sub-workflow instances of <paramref name="InstanceId"/> (of one token, or all when null).</summary>
    public sealed record CancelChildren(string InstanceId, string? TokenId, string Reason) : FollowUp;
}
