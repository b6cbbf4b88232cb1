using Weft.Engine.Definitions;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;

namespace Weft.Engine.Advancing;

/// <summary>
/// Runs one state change: a transaction, an <see cref="AdvanceSession"/> in it, the save and the commit, and then
/// wakes long-polling workers when new jobs appeared. A change that met a job changed by a poll at the same moment
/// is run again from the start (a few times), since it read stale state.
/// </summary>
internal sealed class InstanceRuntime(IWeftStore store, DefinitionService definitions, InstanceAdvancer advancer, JobAvailability availability, TimeProvider time)
{
    private const int Attempts = 3;

    public async Task<T> ChangeAsync<T>(Func<AdvanceSession, Task<T>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await store.BeginAsync(cancellationToken);
                var session = new AdvanceSession(transaction, definitions, advancer, time);
                var result = await change(session);
                await session.SaveAsync();
                await transaction.CommitAsync();
                if (session.CreatedJobs)
                {
                    availability.Notify();
                }

                return result;
            }
            catch (JobChangedException) when (attempt < Attempts)
            {
                // Someone claimed or changed a job this change read; read again.
            }
            catch (JobChangedException ex)
            {
                throw WeftException.Conflict($"Job '{ex.JobId}' kept changing while this request was applied; nothing was applied. Try again.");
            }
        }
    }

    public Task ChangeAsync(Func<AdvanceSession, Task> change, CancellationToken cancellationToken) =>
        ChangeAsync(async session =>
        {
            await change(session);
            return true;
        }, cancellationToken);
}
