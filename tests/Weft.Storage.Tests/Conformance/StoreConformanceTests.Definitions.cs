using System.Text.Json;
using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Migrating_again_is_harmless_and_keeps_the_data()
    {
        await DeployAsync(Linear());
        var instance = await StartAsync("orders", """{"x":1}""");

        await Store.MigrateAsync();
        await Store.MigrateAsync();

        Assert.Equal(1, (await Store.GetDefinitionAsync("orders", null))!.Version);
        AssertJson("""{"x":1}""", (await StoredInstanceAsync(instance.Id)).Variables);
        Assert.Single(await Store.GetHistoryAsync(instance.Id));
        Assert.Equal(JobStatus.Unlocked, (await OpenJobAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task First_upload_creates_version_one()
    {
        var result = await Engine.Definitions.DeployAsync(Linear());

        Assert.True(result.Created);
        Assert.Equal(1, result.Definition.Version);
        Assert.Equal(Time.GetUtcNow(), result.Definition.CreatedAt);
    }

    [Fact]
    public async Task Identical_reupload_returns_the_existing_version()
    {
        var first = await Engine.Definitions.DeployAsync(Linear());
        Time.Advance(TimeSpan.FromMinutes(1));

        var second = await Engine.Definitions.DeployAsync(Linear());

        Assert.False(second.Created);
        Assert.Equal(1, second.Definition.Version);
        Assert.Equal(first.Definition.CreatedAt, second.Definition.CreatedAt);
        Assert.Equal(1, (await Store.GetDefinitionAsync("orders", null))!.Version);
        Assert.Null(await Store.GetDefinitionAsync("orders", 2));
    }

    [Fact]
    public async Task Version_and_created_at_in_an_upload_do_not_count_as_changes()
    {
        await DeployAsync(Linear());

        var again = await Engine.Definitions.DeployAsync(Linear() with { Version = 9, CreatedAt = Time.GetUtcNow().AddYears(-1) });

        Assert.False(again.Created);
        Assert.Equal(1, again.Definition.Version);
    }

    [Fact]
    public async Task Changed_definition_creates_the_next_version()
    {
        await DeployAsync(Linear());

        var changed = await Engine.Definitions.DeployAsync(Linear() with { Name = "Orders, renamed" });
        var changedStep = await Engine.Definitions.DeployAsync(Definition("orders", Service("a", "end") with { RetryCount = 2 }, End()));

        Assert.True(changed.Created);
        Assert.Equal(2, changed.Definition.Version);
        Assert.True(changedStep.Created);
        Assert.Equal(3, changedStep.Definition.Version);
        Assert.Equal(3, (await Engine.Definitions.GetAsync("orders")).Version);
    }

    [Fact]
    public async Task Reuploading_an_older_content_creates_a_new_version_rather_than_reviving_the_old_one()
    {
        await DeployAsync(Linear());
        await DeployAsync(Linear() with { Name = "v2" });

        var again = await Engine.Definitions.DeployAsync(Linear());

        Assert.True(again.Created);
        Assert.Equal(3, again.Definition.Version);
    }

    [Fact]
    public async Task Get_with_a_version_returns_that_version()
    {
        await DeployAsync(Linear() with { Name = "first" });
        await DeployAsync(Linear() with { Name = "second" });

        var first = await Engine.Definitions.GetAsync("orders", 1);
        var latest = await Engine.Definitions.GetAsync("orders");

        Assert.Equal((1, "first"), (first.Version, first.Name));
        Assert.Equal((2, "second"), (latest.Version, latest.Name));
        Assert.Equal("second", (await Store.GetDefinitionAsync("orders", 2))!.Name);
    }

    [Fact]
    public async Task Unknown_definition_is_not_found_with_a_hint_to_upload_it()
    {
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Definitions.GetAsync("nope"), "Definition 'nope' does not exist. Upload it first");
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Definitions.GetAsync("nope", 3), "Definition 'nope' does not exist");
        Assert.Null(await Store.GetDefinitionAsync("nope", null));
    }

    [Fact]
    public async Task Unknown_version_is_not_found_and_names_the_latest_version()
    {
        await DeployAsync(Linear());

        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Definitions.GetAsync("orders", 7), "Definition 'orders' has no version 7; its latest version is 1.");
    }

    [Fact]
    public async Task Invalid_definition_is_refused_and_nothing_is_stored()
    {
        var error = await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Definitions.DeployAsync(Definition("orders", Service("a", "ghost"), End())));

        Assert.NotEmpty(error.Problems);
        Assert.Null(await Store.GetDefinitionAsync("orders", null));
        Assert.Equal(0, (await Store.ListDefinitionsAsync(null, 0, 10)).Total);
    }

    [Fact]
    public async Task Stored_definition_keeps_every_field()
    {
        var step = Service("a", "end") with
        {
            Name = "Charge",
            Description = "Charges the card.",
            JobType = "payments.charge",
            RetryCount = 3,
            ConditionalNextSteps = new() { ["z > 1"] = "end", ["a < 0"] = "a" },
            Transformations = new() { ["total"] = "${price * qty}", ["n"] = 3 },
            ParallelNextSteps = ["end"],
            JoinStep = "end",
            BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "P7D", Interrupting = false, TargetStepId = "end" }],
            DelegateClass = "com.example.Charge",
            RetryBackoff = new RetryBackoff { Initial = "PT2S", Factor = 3, Max = "PT1M", Jitter = 0.1 },
            Timeout = "PT2M",
            InputMapping = new() { ["in"] = "${x}" },
            WorkflowVersion = 4,
        };
        var definition = OneStep("orders", step) with
        {
            Name = "Orders",
            Description = "All of them.",
            AutoStartNextWorkflow = true,
            NextWorkflowId = "shipping",
            Metadata = Json("""{"owner":"team-a","tags":["x"]}"""),
        };

        await DeployAsync(definition);
        var stored = (await Store.GetDefinitionAsync("orders", 1))!;

        Assert.Equal(1, stored.Version);
        Assert.Equal(Time.GetUtcNow(), stored.CreatedAt);
        Assert.Equal(Document(definition), Document(stored with { Version = 0, CreatedAt = null }));
        Assert.Equal(["z > 1", "a < 0"], stored.Steps[0].ConditionalNextSteps!.Keys);
    }

    [Fact]
    public async Task Instances_stay_on_the_version_they_started_with()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        var old = await StartAsync("orders");
        await DeployAsync(OneStep("orders", Service("x", "end")));

        var current = await StartAsync("orders");
        var pinned = await StartAsync("orders", version: 1);

        Assert.Equal(1, old.DefinitionVersion);
        Assert.Equal(2, current.DefinitionVersion);
        Assert.Equal(1, pinned.DefinitionVersion);
        Assert.Equal("a", (await OpenJobAsync(old.Id)).JobType);
        Assert.Equal("x", (await OpenJobAsync(current.Id)).JobType);

        var job = (await PollAsync("a")).Single(j => j.Job.InstanceId == old.Id).Job;
        await Engine.Jobs.CompleteAsync(job.Id, Worker, null);

        var finished = await StoredInstanceAsync(old.Id);
        Assert.Equal(InstanceStatus.Completed, finished.Status);
        Assert.Equal(1, finished.DefinitionVersion);
        Assert.Equal(["a", "end"], (await Store.GetHistoryAsync(old.Id)).Select(e => e.StepId));
    }

    [Fact]
    public async Task Starting_an_unknown_definition_is_not_found_and_creates_nothing()
    {
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => StartAsync("nope"), "Definition 'nope' does not exist");

        Assert.Equal(0, (await Store.ListInstancesAsync(new InstanceQuery())).Total);
    }

    private static string Document(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, DefinitionJson.Options);
}
