using Weft.Engine.Advancing;
using Weft.Engine.Storage;

namespace Weft.Engine.Timers;

/// <summary>Fires timers that are due by the engine's clock: TIMER steps and boundary TIMER events.</summary>
public sealed class TimerService
{
    private readonly IWeftStore _store;
    private readonly InstanceRuntime _runtime;
    private readonly TimeProvider _time;

    internal TimerService(IWeftStore store, InstanceRuntime runtime, TimeProvider time)
    {
        _store = store;
        _runtime = runtime;
        _time = time;
    }

    /// <summary>Fires every due timer, each its own change (committed together); one that cannot be fired is reported, not in the way of the others.</summary>
    public async Task<SweepResult> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var due = await _store.FindDueTimersAsync(_time.UtcNowMillis(), limit: 500, cancellationToken);
        return await SweepResult.OfAsync(due.Select(timer => (timer.Id, _runtime.ChangeAsync(async session =>
        {
            if (await session.LoadAsync(timer.InstanceId, cancellationToken) is not { } state)
            {
                return false;
            }

            await session.ApplyAsync(state, new Trigger.TimerFired(timer.Id), cancellationToken);
            return true;
        }, cancellationToken))));
    }
}
