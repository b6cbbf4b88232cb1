namespace Weft.Engine.Jobs;

/// <summary>Wakes long-polling workers in this process when new jobs may be claimable.</summary>
public sealed class JobAvailability
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Notify"/>. Take it before looking for work, so no notice is missed.</summary>
    public Task NextNotice => Volatile.Read(ref _next).Task;

    public void Notify()
    {
        var current = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        current.TrySetResult();
    }
}
