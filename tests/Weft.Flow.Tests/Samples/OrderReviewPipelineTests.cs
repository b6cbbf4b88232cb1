using System.Text.Json.Nodes;
using Weft.Samples.Pipelines;
using Weft.Worker.Client;
using Weft.Worker.Handlers;

namespace Weft.Flow.Tests.Samples;

public sealed class OrderReviewPipelineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weft-flow-sample-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static JobContext Job(string instanceId, JsonObject variables) => new(new ActivatedJob
    {
        Id = Guid.NewGuid().ToString("N"),
        InstanceId = instanceId,
        JobType = OrderReviewPipeline.JobType,
        Variables = variables,
    });

    private static JsonObject Orders() => new()
    {
        ["orders"] = new JsonArray
        {
            new JsonObject { ["id"] = "A-1", ["amount"] = 500 },
            new JsonObject { ["id"] = "A-2", ["amount"] = 5000 },
            new JsonObject { ["id"] = "A-3", ["amount"] = -1 },
            new JsonObject { ["id"] = "A-4", ["amount"] = 20 },
        },
    };

    private static string Statuses(JsonObject output) =>
        string.Join(" ", output["orders"]!.AsArray().Select(o => $"{o!["id"]}:{o["status"]}"));

    [Fact]
    public async Task A_halted_pipeline_resumes_at_the_halted_order_on_the_next_job()
    {
        var store = new FileFlowStore(_directory);
        var registry = OrderReviewPipeline.Register(new HandlerRegistry(), store);
        Assert.True(registry.TryGetHandler("review_orders", out var handler));

        var first = await handler(Job("instance-1", Orders()), CancellationToken.None);

        Assert.Equal("Halted", (string)first!["pipelineStatus"]!);
        Assert.Contains("A-2", (string)first["pipelineHalt"]!, StringComparison.Ordinal);
        Assert.Equal("A-1:accepted A-2:new A-3:new A-4:new", Statuses(first));

        var variables = Orders();
        variables["approvals"] = new JsonArray("A-2");
        var second = await handler(Job("instance-1", variables), CancellationToken.None);

        Assert.Equal("Completed", (string)second!["pipelineStatus"]!);
        Assert.Null(second["pipelineHalt"]);
        Assert.Equal("A-1:accepted A-2:accepted A-3:rejected A-4:accepted", Statuses(second));
        Assert.Equal(100m, (decimal)second["orders"]![1]!["fee"]!);
    }

    [Fact]
    public async Task A_job_without_approval_halts_again_and_other_instances_are_independent()
    {
        var store = new FileFlowStore(_directory);

        var first = await OrderReviewPipeline.HandleAsync(Job("instance-1", Orders()), store, CancellationToken.None);
        var again = await OrderReviewPipeline.HandleAsync(Job("instance-1", Orders()), store, CancellationToken.None);
        var other = await OrderReviewPipeline.HandleAsync(Job("instance-2", new JsonObject { ["orders"] = new JsonArray(new JsonObject { ["id"] = "B-1", ["amount"] = 10 }) }), store, CancellationToken.None);

        Assert.Equal("Halted", (string)first!["pipelineStatus"]!);
        Assert.Equal("Halted", (string)again!["pipelineStatus"]!);
        Assert.Equal("Completed", (string)other!["pipelineStatus"]!);
        Assert.Equal("B-1:accepted", Statuses(other));
    }

    [Fact]
    public async Task The_approval_limit_comes_from_the_instance_variables()
    {
        var store = new FileFlowStore(_directory);
        var variables = Orders();
        variables["approvalLimit"] = 10000;

        var output = await OrderReviewPipeline.HandleAsync(Job("instance-1", variables), store, CancellationToken.None);

        Assert.Equal("Completed", (string)output!["pipelineStatus"]!);
    }
}
