using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Running;

namespace Weft.Server.Tests.Workflows;

public sealed class WorkflowRunTests
{
    [Fact]
    public async Task Fifty_instances_complete_through_a_real_runner_over_http()
    {
        await using var server = await WeftTestServer.StartAsync();
        await server.Client.UploadDefinitionAsync(TestDefinitions.Linear("linear", "reserve", "charge"));

        var registry = new HandlerRegistry()
            .Register("reserve", job => new JsonObject { ["reserved"] = true, ["amount"] = job.GetVariable<long>("amount") })
            .Register("charge", job => new JsonObject { ["charged"] = job.GetVariable<long>("amount") * 2, ["amount"] = -1 });
        using var stop = new CancellationTokenSource();
        var runner = new Runner(server.Client, registry, new RunnerOptions
        {
            WorkerId = "runner-1",
            Parallelism = 4,
            PollInterval = TimeSpan.FromMilliseconds(20),
        });
        var running = runner.RunAsync(stop.Token);

        var started = new List<WorkflowInstance>();
        for (var i = 0; i < 50; i++)
        {
            started.Add(await server.Client.StartInstanceAsync(
                "linear", new JsonObject { ["amount"] = i, ["keep"] = $"k{i}" }, businessKey: $"order-{i}"));
        }

        await Eventually.ReturnsAsync(
            () => server.Client.ListInstancesAsync(definitionId: "linear", status: InstanceStatus.Completed, pageSize: 100),
            page => page.Total == 50,
            "all 50 instances to complete");
        await stop.CancelAsync();
        await running;

        for (var i = 0; i < 50; i++)
        {
            var instance = await server.Client.GetInstanceAsync(started[i].Id);
            Assert.Equal(InstanceStatus.Completed, instance.Status);
            Assert.Equal($"order-{i}", instance.BusinessKey);
            var variables = instance.Variables!;
            Assert.True(variables["reserved"]!.GetValue<bool>());
            Assert.Equal(i * 2, variables["charged"]!.GetValue<long>());
            Assert.Equal(-1, variables["amount"]!.GetValue<long>()); // a later step's output replaces the key
            Assert.Equal($"k{i}", variables["keep"]!.GetValue<string>()); // keys no step wrote survive

            var history = await server.Client.GetHistoryAsync(instance.Id);
            Assert.Equal(["a", "b", "end"], history.Select(h => h.StepId));
            Assert.All(history, h => Assert.Equal("COMPLETED", h.Status));
            Assert.Equal(i, history[0].Input!["amount"]!.GetValue<long>());
            Assert.Equal(i * 2, history[1].Output!["charged"]!.GetValue<long>());
        }

        var byKey = await server.Client.ListInstancesAsync(businessKey: "order-7");
        Assert.Equal(started[7].Id, Assert.Single(byKey.Items).Id);
        var page = await server.Client.ListInstancesAsync(definitionId: "linear", page: 2, pageSize: 20);
        Assert.Equal(50, page.Total);
        Assert.Equal(10, page.Items.Count);
        Assert.Equal(0, (await server.Client.ListInstancesAsync(status: InstanceStatus.Active)).Total);
        Assert.Equal(0, (await server.Client.ListInstancesAsync(definitionId: "other")).Total);
    }

    [Fact]
    public async Task A_stopped_server_leaves_work_that_a_new_server_on_the_same_file_finishes()
    {
        var first = await WeftTestServer.StartAsync();
        var folder = first.Folder;
        try
        {
            await first.Client.UploadDefinitionAsync(TestDefinitions.Linear("restart", "first-half", "second-half"));
            var ids = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                ids.Add((await first.Client.StartInstanceAsync("restart", new JsonObject { ["n"] = i })).Id);
            }

            // Finish step a of every instance, then stop the server with every instance waiting on step b.
            var jobs = await first.Client.PollJobsAsync("w1", ["first-half"], 10);
            Assert.Equal(10, jobs.Count);
            foreach (var job in jobs)
            {
                await first.Client.CompleteJobAsync(job.Id, "w1", new JsonObject { ["half"] = 1 });
            }

            var locked = await first.Client.PollJobsAsync("w1", ["second-half"], 3);
            Assert.Equal(3, locked.Count);
            await first.StopAsync();

            await using var second = await WeftTestServer.StartAsync(folder: folder);
            foreach (var job in locked)
            {
                // The lease survived the restart: the same worker can still complete.
                await second.Client.CompleteJobAsync(job.Id, "w1", new JsonObject { ["half"] = 2 });
            }

            var rest = await second.Client.PollJobsAsync("w2", ["second-half"], 100);
            Assert.Equal(7, rest.Count);
            foreach (var job in rest)
            {
                await second.Client.CompleteJobAsync(job.Id, "w2", new JsonObject { ["half"] = 2 });
            }

            foreach (var id in ids)
            {
                var instance = await second.Client.GetInstanceAsync(id);
                Assert.Equal(InstanceStatus.Completed, instance.Status);
                Assert.Equal(2, instance.Variables!["half"]!.GetValue<int>());
                Assert.Equal(3, (await second.Client.GetHistoryAsync(id)).Count);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
