using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Samples.Workers;

/// <summary>
/// The worker of docs/workers.md, written with the lower-level API (a handler registry and a runner): handles the
/// <c>charge-card</c> job type of the README's order-fulfilment definition.
/// </summary>
public static class ChargeCardWorker
{
    public static HandlerRegistry Register(HandlerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register("charge-card", Charge);
    }

    /// <summary>Runs the worker against <paramref name="server"/> until <paramref name="stoppingToken"/> fires; returns once drained.</summary>
    public static async Task RunAsync(Uri server, CancellationToken stoppingToken, ILogger? logger = null)
    {
        using var client = new WeftClient(server);
        var runner = new Runner(client, Register(new HandlerRegistry()), new RunnerOptions
        {
            WorkerId = $"payments-{Environment.MachineName}",
            Parallelism = 16,                              // default 64
            WaitMs = 10_000,                               // long poll; default 20 000 (0 = poll every PollInterval)
            HeartbeatInterval = TimeSpan.FromSeconds(2),   // look at leases this often; default 1 s
            Logger = logger,
        });

        // The token fires: no more polls; running jobs finish and report, then RunAsync returns.
        await runner.RunAsync(stoppingToken);
    }

    private static JsonObject Charge(JobContext context)
    {
        // Missing or of another type: NonRetryableException naming the variable, so the step fails at once.
        var amount = context.GetVariable<decimal>("amount");
        var currency = context.GetVariable("currency", "EUR");
        if (amount <= 0)
        {
            throw new NonRetryableException($"Cannot charge {amount} {currency}: the amount must be positive.");
        }

        // A real worker calls the payment provider here; an exception from it (a timeout, a 503) is a
        // retryable failure that uses one of the step's retryCount retries.
        var chargeId = $"ch_{context.InstanceId[^12..]}";
        return new JsonObject { ["chargeId"] = chargeId, ["charged"] = amount, ["currency"] = currency };
    }
}
