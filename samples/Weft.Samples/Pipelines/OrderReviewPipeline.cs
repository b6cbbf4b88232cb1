using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Flow;
using Weft.Worker.Handlers;

namespace Weft.Samples.Pipelines;

/// <summary>
/// A Weft.Flow pipeline run inside a Weft worker job handler (job type <c>review_orders</c>). It reviews the
/// instance's <c>orders</c>; an order above <c>approvalLimit</c> that is not listed in <c>approvals</c> halts the
/// pipeline. The snapshot is stored under the instance id, so the next <c>review_orders</c> job of the same
/// instance resumes at the order that halted instead of starting over.
/// </summary>
public static class OrderReviewPipeline
{
    public const string JobType = "review_orders";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HandlerRegistry Register(HandlerRegistry registry, IFlowStore store)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(store);
        return registry.Register(JobType, (context, cancellationToken) => HandleAsync(context, store, cancellationToken));
    }

    /// <summary>
    /// Runs (or resumes) the pipeline and returns <c>pipelineStatus</c> (<c>Halted</c> or <c>Completed</c>),
    /// <c>pipelineHalt</c> (why it halted, or null) and the reviewed <c>orders</c>.
    /// </summary>
    public static async Task<JsonObject?> HandleAsync(JobContext context, IFlowStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        var flowId = $"{JobType}-{context.InstanceId}";
        var approvals = context.GetVariable("approvals", new JsonArray()).Select(id => id?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var approvalLimit = context.GetVariable("approvalLimit", 1000m);

        var engine = new FlowEngine<Order>();
        engine.Tasks.Replace(Tasks(approvals, approvalLimit));
        string? haltMessage = null;
        try
        {
            var snapshot = await store.LoadAsync(flowId, cancellationToken).ConfigureAwait(false);
            if (snapshot is { Status: FlowStatus.Halted })
            {
                // The task that halted checks the approvals again.
                engine.Restore(snapshot, Json);
                await engine.RestartAsync(RestartToken.Current, RestartTask.Current, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var orders = context.GetVariable<JsonArray>("orders").Deserialize<List<Order>>(Json)
                    ?? throw new NonRetryableException("The variable 'orders' is null.");
                await engine.ProcessAsync(orders, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HaltException halt)
        {
            haltMessage = halt.Message;
        }

        await store.SaveAsync(flowId, engine.CreateSnapshot(Json), cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["pipelineStatus"] = engine.Status.ToString(),
            ["pipelineHalt"] = haltMessage,
            ["orders"] = JsonSerializer.SerializeToNode(engine.Tokens, Json),
        };
    }

    private static FlowList<Order> Tasks(HashSet<string?> approvals, decimal approvalLimit) => new()
    {
        new FlowTask<Order>("validate", (order, engine) =>
        {
            if (order.Amount <= 0)
            {
                order.Status = "rejected";
                engine.ContinueNextToken();
            }
        }),
        Patterns.If<Order>(
            (order, _) => order.Amount > approvalLimit,
            new FlowTask<Order>("require-approval", (order, engine) =>
            {
                if (!approvals.Contains(order.Id))
                {
                    engine.Halt($"order {order.Id} ({order.Amount}) needs approval", action: "approve", payload: order.Id);
                }
            })),
        new FlowTask<Order>("accept", (order, _) =>
        {
            order.Fee = Math.Round(order.Amount * 0.02m, 2);
            order.Status = "accepted";
        }),
    };
}
