namespace Weft.Flow;

/// <summary>Saves and loads flow snapshots by id, so that a halted flow can be resumed later, by another process.</summary>
public interface IFlowStore
{
    /// <summary>Saves (inserts or replaces) the snapshot of flow <paramref name="flowId"/>.</summary>
    Task SaveAsync(string flowId, FlowSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>The snapshot of flow <paramref name="flowId"/>, or <see langword="null"/> when none is stored.</summary>
    Task<FlowSnapshot?> LoadAsync(string flowId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the snapshot of flow <paramref name="flowId"/>; false when none was stored.</summary>
    Task<bool> DeleteAsync(string flowId, CancellationToken cancellationToken = default);
}
