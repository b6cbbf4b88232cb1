namespace Weft.Engine.Storage;

/// <summary>
/// Thrown by <see cref="IWeftTransaction.SaveAsync"/> when a job no longer has the status or lock token it was read
/// with (a poll claimed it meanwhile): the whole transaction is void and the change is tried again.
/// </summary>
public sealed class JobChangedException(string jobId)
    : Exception($"Job '{jobId}' changed after it was read; the transaction was not applied.")
{
    public string JobId { get; } = jobId;
}
