using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine;
using Weft.Engine.Catalog;

namespace Weft.Storage.Tests.Conformance;

/// <summary>The task catalog: publish (merge by name, or replace), read one namespace, list them all.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Publishing_creates_the_namespace_with_its_tasks_sorted_by_name()
    {
        var published = await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo"), CatalogTask("double")], replace: false);

        Assert.Equal(["double", "echo"], published.Tasks.Select(t => t.Name));
        Assert.Equal(Time.GetUtcNow(), published.UpdatedAt);
        var stored = await Engine.Catalog.GetAsync("samples");
        Assert.Equal(["double", "echo"], stored.Tasks.Select(t => t.Name));
        Assert.Equal(Time.GetUtcNow(), stored.UpdatedAt);
    }

    [Fact]
    public async Task A_published_task_reads_back_with_every_field()
    {
        var task = new CatalogTask
        {
            Name = "double",
            Description = "Doubles an integer",
            Version = "1.0",
            Timeout = "PT5M",
            Inputs =
            [
                new TaskInput { Name = "value", Type = "integer", Description = "the number" },
                new TaskInput { Name = "unit", Type = "string", Default = JsonValue.Create("cm"), AllowedValues = new JsonArray("cm", "in") },
                new TaskInput { Name = "nested", Type = "object", Default = new JsonObject { ["a"] = new JsonArray(1, 2) } },
            ],
            Outputs = [new TaskOutput { Name = "value", Type = "integer", Description = "twice the input" }],
        };

        await Engine.Catalog.PublishAsync("samples", [task], replace: false);

        var stored = Assert.Single((await Engine.Catalog.GetAsync("samples")).Tasks);
        var expected = task with { Inputs = [task.Inputs[0] with { Required = true }, task.Inputs[1] with { Required = false }, task.Inputs[2] with { Required = false }] };
        Assert.Equal(JsonSerializer.Serialize(expected, CatalogJson.Options), JsonSerializer.Serialize(stored, CatalogJson.Options));
    }

    [Fact]
    public async Task Publishing_without_replace_adds_and_replaces_by_name_and_keeps_the_other_tasks()
    {
        await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo", "old"), CatalogTask("double")], replace: false);
        Time.Advance(TimeSpan.FromMinutes(1));

        var merged = await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo", "new"), CatalogTask("zero_division")], replace: false);

        Assert.Equal(["double", "echo", "zero_division"], merged.Tasks.Select(t => t.Name));
        var stored = await Engine.Catalog.GetAsync("samples");
        Assert.Equal([null, "new", null], stored.Tasks.Select(t => t.Description));
        Assert.Equal(Time.GetUtcNow(), stored.UpdatedAt);
    }

    [Fact]
    public async Task Publishing_with_replace_removes_tasks_no_longer_offered()
    {
        await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo"), CatalogTask("double")], replace: false);

        await Engine.Catalog.PublishAsync("samples", [CatalogTask("double", "kept")], replace: true);

        var stored = Assert.Single((await Engine.Catalog.GetAsync("samples")).Tasks);
        Assert.Equal(("double", "kept"), (stored.Name, stored.Description));
    }

    [Fact]
    public async Task Publishing_an_empty_list_with_replace_empties_the_namespace_and_without_replace_changes_no_task()
    {
        await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo")], replace: false);

        Assert.Single((await Engine.Catalog.PublishAsync("samples", [], replace: false)).Tasks);
        Assert.Single((await Engine.Catalog.GetAsync("samples")).Tasks);

        await Engine.Catalog.PublishAsync("samples", [], replace: true);
        Assert.Empty((await Engine.Catalog.GetAsync("samples")).Tasks);
    }

    [Fact]
    public async Task Publishing_to_one_namespace_leaves_the_others_alone()
    {
        await Engine.Catalog.PublishAsync("billing", [CatalogTask("charge")], replace: false);
        await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo")], replace: true);

        Assert.Equal("charge", Assert.Single((await Engine.Catalog.GetAsync("billing")).Tasks).Name);
    }

    [Fact]
    public async Task The_catalog_lists_every_namespace_sorted_with_its_tasks_sorted()
    {
        await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo"), CatalogTask("double")], replace: false);
        await Engine.Catalog.PublishAsync("billing", [CatalogTask("refund"), CatalogTask("charge")], replace: false);
        await Engine.Catalog.PublishAsync("Zed", [], replace: false);

        var listed = await Engine.Catalog.ListAsync();

        Assert.Equal(["Zed", "billing", "samples"], listed.Select(n => n.Namespace));
        Assert.Equal(["charge", "refund"], listed[1].Tasks.Select(t => t.Name));
        Assert.Equal(["double", "echo"], listed[2].Tasks.Select(t => t.Name));
    }

    [Fact]
    public async Task An_empty_catalog_lists_nothing_and_an_unknown_namespace_is_not_found()
    {
        Assert.Empty(await Engine.Catalog.ListAsync());
        await AssertRefusedAsync(WeftErrorKind.NotFound, () => Engine.Catalog.GetAsync("nobody"), "The catalog has no namespace 'nobody'");
    }

    [Fact]
    public async Task A_catalogued_task_is_found_by_name_in_every_namespace_that_offers_it()
    {
        await Engine.Catalog.PublishAsync("billing", [CatalogTask("charge"), CatalogTask("refund")], replace: false);
        await Engine.Catalog.PublishAsync("legacy", [CatalogTask("charge", "old")], replace: false);

        var found = await Store.FindCatalogTasksAsync(["charge", "missing"]);

        Assert.Equal([("billing", null), ("legacy", "old")], found.Select(e => (e.Namespace, e.Task.Description)).Order());
    }

    [Fact]
    public async Task A_namespace_published_on_one_node_is_read_on_another()
    {
        await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo")], replace: false);

        await SecondEngine.Catalog.PublishAsync("samples", [CatalogTask("double")], replace: false);

        Assert.Equal(["double", "echo"], (await Engine.Catalog.GetAsync("samples")).Tasks.Select(t => t.Name));
    }

    [Fact]
    public async Task A_publish_whose_commit_fails_leaves_the_namespace_as_it_was()
    {
        await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo")], replace: false);
        await using var failing = new WeftEngine(new FailingCommitStore(Store), Time, Options);

        await Assert.ThrowsAsync<IOException>(() => failing.Catalog.PublishAsync("samples", [CatalogTask("double")], replace: true));

        Assert.Equal("echo", Assert.Single((await Engine.Catalog.GetAsync("samples")).Tasks).Name);
    }

    [Fact]
    public async Task A_refused_publish_changes_nothing()
    {
        await Engine.Catalog.PublishAsync("samples", [CatalogTask("echo")], replace: false);

        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Catalog.PublishAsync("samples", [CatalogTask("a"), CatalogTask("a")], replace: true));
        await AssertRefusedAsync(WeftErrorKind.Invalid, () => Engine.Catalog.PublishAsync("bad name", [CatalogTask("a")], replace: true));

        Assert.Equal("samples", Assert.Single(await Engine.Catalog.ListAsync()).Namespace);
        Assert.Equal("echo", Assert.Single((await Engine.Catalog.GetAsync("samples")).Tasks).Name);
    }

    private static CatalogTask CatalogTask(string name, string? description = null) => new() { Name = name, Description = description };
}
