using System.Net;
using System.Threading.Channels;
using Weft.Worker.Client;

namespace Weft.Worker.Running;

/// <summary>
/// Sends job outcomes in batches: the outcomes of jobs that finish while a report is on its way go together in the
/// next request (one for completions, one for failures), so many jobs cost one round trip instead of one each. Each
/// outcome is still its own change on the server, with its own answer. A server without the batch routes (such as
/// the Rochallor engine) gets one request per job instead.
/// </summary>
internal sealed class ReportBatcher(WeftClient client)
{
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private bool _oneByOne;

    /// <summary>Sends the outcome with the next batch and answers what the server said of it; fails when the server could not be reached.</summary>
    public Task<JobReportResult> SendAsync(JobReport report)
    {
        var pending = new Pending(report);
        return _queue.Writer.TryWrite(pending)
            ? pending.Answer.Task
            : Task.FromException<JobReportResult>(new InvalidOperationException("The worker has stopped reporting."));
    }

    /// <summary>
    /// Sends batches until <see cref="Complete"/> has been called and every outcome is sent; <paramref name="abortToken"/>
    /// cancels the requests on their way.
    /// </summary>
    public async Task RunAsync(CancellationToken abortToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await Task.WhenAll(
                SendAsync(batch.Where(p => p.Report.ErrorMessage is null).ToList(), client.CompleteJobsAsync, abortToken),
                SendAsync(batch.Where(p => p.Report.ErrorMessage is not null).ToList(), client.FailJobsAsync, abortToken));
            batch.Clear();
        }
    }

    /// <summary>No more outcomes will come; <see cref="RunAsync"/> ends once the queued ones are sent.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task SendAsync(
        List<Pending> batch, Func<IReadOnlyList<JobReport>, CancellationToken, Task<IReadOnlyList<JobReportResult>>> send, CancellationToken abortToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (!_oneByOne)
        {
            try
            {
                var results = await send([.. batch.Select(p => p.Report)], abortToken);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (i < results.Count)
                    {
                        batch[i].Answer.TrySetResult(results[i]);
                    }
                    else
                    {
                        batch[i].Answer.TrySetException(new WeftApiException(HttpStatusCode.BadGateway, null, "The server answered fewer results than the batch had jobs."));
                    }
                }

                return;
            }
            catch (WeftApiException exception) when (exception.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                _oneByOne = true; // the server has no batch routes
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Answer.TrySetException(exception);
                }

                return;
            }
        }

        await Task.WhenAll(batch.Select(pending => SendOneAsync(pending, abortToken)));
    }

    private async Task SendOneAsync(Pending pending, CancellationToken abortToken)
    {
        var report = pending.Report;
        try
        {
            if (report.ErrorMessage is null)
            {
                await client.CompleteJobAsync(report.JobId, report.WorkerId, report.Variables, abortToken);
            }
            else
            {
                await client.FailJobAsync(report.JobId, report.WorkerId, report.ErrorMessage, report.Retryable ?? true, abortToken);
            }

            pending.Answer.TrySetResult(new JobReportResult(report.JobId, (int)HttpStatusCode.NoContent));
        }
        catch (WeftApiException exception) when (!exception.IsTransient)
        {
            pending.Answer.TrySetResult(new JobReportResult(report.JobId, (int)exception.StatusCode, exception.ErrorCode, exception.Message));
        }
        catch (Exception exception)
        {
            pending.Answer.TrySetException(exception);
        }
    }

    private sealed record Pending(JobReport Report)
    {
        public TaskCompletionSource<JobReportResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
