using System.Text.Json;
using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.Storage;

public sealed class SnapshotTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weft-flow-snapshots-" + Guid.NewGuid().ToString("N"));
    private readonly TraceTasks _t = new();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    public sealed class Item
    {
        public string Name { get; set; } = "";

        public List<string> Log { get; set; } = [];
    }

    private static FlowAction<Item> Log(string step) => (item, _) => item.Log.Add(step);

    private static FlowList<Item> Tree(Func<Item, bool> haltWhen) => new()
    {
        Log("a"),
        new FlowList<Item>
        {
            Log("b"),
            (item, engine) =>
            {
                if (haltWhen(item))
                {
                    engine.Halt("review", "approve");
                }
            },
            Log("c"),
        },
        Log("d"),
    };

    [Fact]
    public void A_snapshot_captures_status_token_statuses_state_tokens_and_ExtraData()
    {
        var engine = new FlowEngine<Item>();
        engine.Tasks.Replace(Tree(item => item.Name == "second"));
        engine.ExtraData["counter"] = 7;
        Assert.Throws<HaltException>(() => engine.Process([new Item { Name = "first" }, new Item { Name = "second" }]));

        var snapshot = engine.CreateSnapshot();

        Assert.Equal(FlowStatus.Halted, snapshot.Status);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Halted], snapshot.TokenStatuses);
        Assert.Equal(1, snapshot.TokenPos);
        Assert.Equal([1, 1], snapshot.CallbackPos);
        Assert.Equal(2, snapshot.Tokens.GetArrayLength());
        Assert.Equal(7, snapshot.ExtraData.GetProperty("counter").GetInt32());
        var json = snapshot.ToJson();
        Assert.Contains("\"Halted\"", json, StringComparison.Ordinal);
        var copy = FlowSnapshot.FromJson(json);
        Assert.Equal((snapshot.Status, snapshot.TokenPos), (copy.Status, copy.TokenPos));
        Assert.Equal(snapshot.CallbackPos, copy.CallbackPos);
        Assert.Equal(snapshot.TokenStatuses, copy.TokenStatuses);
        Assert.Equal(snapshot.Tokens.GetRawText(), copy.Tokens.GetRawText());
    }

    [Fact]
    public void A_new_engine_built_from_a_snapshot_resumes_exactly_where_the_old_one_halted()
    {
        var first = new FlowEngine<Item>();
        first.Tasks.Replace(Tree(item => item.Name == "second" && !item.Log.Contains("approved")));
        first.ExtraData["counter"] = 7;
        Assert.Throws<HaltException>(() => first.Process([new Item { Name = "first" }, new Item { Name = "second" }, new Item { Name = "third" }]));
        var json = first.CreateSnapshot().ToJson();

        var second = new FlowEngine<Item>();
        second.Tasks.Replace(Tree(item => item.Name == "second" && !item.Log.Contains("approved")));
        second.Restore(FlowSnapshot.FromJson(json));
        Assert.Equal(FlowStatus.Halted, second.Status);
        Assert.Equal([1, 1], second.State.CallbackPos);
        Assert.Equal("second", second.CurrentToken!.Name);
        second.CurrentToken.Log.Add("approved");

        second.Restart(RestartToken.Current, RestartTask.Current);

        Assert.Equal(["a", "b", "approved", "c", "d"], second.Tokens[1].Log);
        Assert.Equal(["a", "b", "c", "d"], second.Tokens[2].Log);
        Assert.Equal(7, (int)second.ExtraData["counter"]!);
        Assert.Equal(FlowStatus.Completed, second.Status);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Completed, FlowTokenStatus.Completed], second.TokenStatuses);
        Assert.True(second.HasCompleted);
    }

    [Fact]
    public void A_successful_run_is_saved_as_completed()
    {
        var engine = new FlowEngine<Item>();
        engine.Tasks.Replace(Tree(_ => false));
        engine.Process([new Item()]);

        var snapshot = engine.CreateSnapshot();
        var restored = new FlowEngine<Item>();
        restored.Restore(snapshot);

        Assert.Equal(FlowStatus.Completed, snapshot.Status);
        Assert.Equal([FlowTokenStatus.Completed], snapshot.TokenStatuses);
        Assert.True(restored.HasCompleted);
    }

    [Fact]
    public void A_new_engine_snapshots_as_new_with_initial_tokens()
    {
        var snapshot = new FlowEngine<Item>().CreateSnapshot();

        Assert.Equal(FlowStatus.New, snapshot.Status);
        Assert.Equal(-1, snapshot.TokenPos);
        Assert.Equal([0], snapshot.CallbackPos);
    }

    [Fact]
    public void Restore_rejects_a_snapshot_whose_statuses_do_not_match_its_tokens()
    {
        var snapshot = new FlowSnapshot
        {
            Status = FlowStatus.Halted,
            TokenStatuses = [FlowTokenStatus.Halted],
            TokenPos = 0,
            CallbackPos = [0],
            Tokens = JsonSerializer.SerializeToElement(Array.Empty<Item>()),
            ExtraData = JsonSerializer.SerializeToElement(new { }),
        };

        Assert.Throws<ArgumentException>(() => new FlowEngine<Item>().Restore(snapshot));
    }

    [Fact]
    public void Restore_rejects_a_snapshot_with_a_negative_CallbackPos()
    {
        var snapshot = new FlowSnapshot
        {
            Status = FlowStatus.Halted,
            TokenStatuses = [FlowTokenStatus.Halted],
            TokenPos = 0,
            CallbackPos = [1, -1],
            Tokens = JsonSerializer.SerializeToElement(new[] { new Item() }),
            ExtraData = JsonSerializer.SerializeToElement(new { }),
        };

        Assert.Throws<ArgumentException>(() => new FlowEngine<Item>().Restore(snapshot));
    }

    [Fact]
    public void Resuming_with_a_CallbackPos_that_no_longer_fits_the_tasks_says_so()
    {
        var engine = new FlowEngine<Item>();
        engine.Tasks.Replace(Tree(item => item.Name == "x"));
        Assert.Throws<HaltException>(() => engine.Process([new Item { Name = "x" }]));

        engine.Tasks.Replace(new() { Log("flat") });
        var error = Assert.Throws<InvalidOperationException>(() => engine.Restart(RestartToken.Current, RestartTask.Current));

        Assert.Contains("[1, 1]", error.Message, StringComparison.Ordinal);
        Assert.Equal(FlowStatus.Error, engine.Status);
    }

    [Fact]
    public void Tokens_serialise_with_the_given_options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var engine = new FlowEngine<Item>();
        engine.Tasks.Replace(new() { Log("x") });
        engine.Process([new Item { Name = "n" }]);

        var snapshot = engine.CreateSnapshot(options);
        var restored = new FlowEngine<Item>();
        restored.Restore(snapshot, options);

        Assert.Equal("n", snapshot.Tokens[0].GetProperty("name").GetString());
        Assert.Equal(["x"], restored.Tokens[0].Log);
    }

    [Fact]
    public async Task The_file_store_saves_loads_replaces_and_deletes_snapshots()
    {
        var store = new FileFlowStore(_directory);
        var engine = new FlowEngine<Item>();
        engine.Tasks.Replace(Tree(item => item.Name == "halt"));
        Assert.Throws<HaltException>(() => engine.Process([new Item { Name = "halt" }]));

        Assert.Null(await store.LoadAsync("flow-1"));
        await store.SaveAsync("flow-1", engine.CreateSnapshot());
        Assert.Equal(FlowStatus.Halted, (await store.LoadAsync("flow-1"))!.Status);

        engine.Tasks.Replace(Tree(_ => false));
        engine.Restart(RestartToken.Current, RestartTask.Current);
        await store.SaveAsync("flow-1", engine.CreateSnapshot());
        Assert.Equal(FlowStatus.Completed, (await store.LoadAsync("flow-1"))!.Status);
        Assert.Single(Directory.GetFiles(_directory));

        Assert.True(await store.DeleteAsync("flow-1"));
        Assert.False(await store.DeleteAsync("flow-1"));
        Assert.Null(await store.LoadAsync("flow-1"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(" ")]
    public async Task The_file_store_rejects_ids_that_are_not_plain_file_names(string flowId)
    {
        var store = new FileFlowStore(_directory);

        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(flowId));
    }
}
