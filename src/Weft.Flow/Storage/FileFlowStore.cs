namespace Weft.Flow;

/// <summary>Stores each snapshot as <c>{flowId}.json</c> in a directory; writes go through a temporary file and a rename.</summary>
public sealed class FileFlowStore : IFlowStore
{
    private readonly string _directory;

    /// <summary>A store in <paramref name="directory"/> (created when missing).</summary>
    public FileFlowStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    /// <inheritdoc />
    public async Task SaveAsync(string flowId, FlowSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var path = PathOf(flowId);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, snapshot.ToJson(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc />
    public async Task<FlowSnapshot?> LoadAsync(string flowId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(flowId);
        if (!File.Exists(path))
        {
            return null;
        }

        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return FlowSnapshot.FromJson(json);
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string flowId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(flowId);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    private string PathOf(string flowId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        foreach (var c in flowId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                throw new ArgumentException($"Flow id '{flowId}' may only contain ASCII letters, digits, '-', '_' and '.'.", nameof(flowId));
            }
        }

        if (flowId.Trim('.').Length == 0)
        {
            throw new ArgumentException($"Flow id '{flowId}' is not a valid file name.", nameof(flowId));
        }

        return Path.Combine(_directory, flowId + ".json");
    }
}
