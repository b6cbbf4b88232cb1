using Weft.Engine.Instances;

namespace Weft.Storage.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Instances_are_filtered_by_definition_status_and_business_key()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        await DeployAsync(OneStep("billing", Service("bill", "end")));
        var o1 = await StartAsync("orders", businessKey: "k1");
        var o2 = await StartAsync("orders", businessKey: "k2");
        var o3 = await StartAsync("orders", businessKey: "k1");
        var b1 = await StartAsync("billing", businessKey: "k1");
        var b2 = await StartAsync("billing");
        var failing = (await PollAsync("a")).Single(j => j.Job.InstanceId == o2.Id).Job;
        await Engine.Jobs.FailAsync(failing.Id, Worker, "no", retryable: false);

        await AssertListedAsync(new InstanceQuery(DefinitionId: "orders"), o1.Id, o2.Id, o3.Id);
        await AssertListedAsync(new InstanceQuery(DefinitionId: "billing"), b1.Id, b2.Id);
        await AssertListedAsync(new InstanceQuery(Status: InstanceStatus.Failed), o2.Id);
        await AssertListedAsync(new InstanceQuery(Status: InstanceStatus.Active), o1.Id, o3.Id, b1.Id, b2.Id);
        await AssertListedAsync(new InstanceQuery(BusinessKey: "k1"), o1.Id, o3.Id, b1.Id);
        await AssertListedAsync(new InstanceQuery(DefinitionId: "orders", BusinessKey: "k1"), o1.Id, o3.Id);
        await AssertListedAsync(new InstanceQuery(DefinitionId: "billing", Status: InstanceStatus.Failed));
        await AssertListedAsync(new InstanceQuery(DefinitionId: "nope"));
        await AssertListedAsync(new InstanceQuery(), o1.Id, o2.Id, o3.Id, b1.Id, b2.Id);
    }

    [Fact]
    public async Task Instances_are_paged_newest_first_with_the_total()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        var started = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            started.Add((await StartAsync("orders")).Id);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        var pages = new List<IReadOnlyList<WorkflowInstance>>();
        for (var page = 0; page < 4; page++)
        {
            var result = await Engine.Instances.ListAsync(new InstanceQuery(Page: page, PageSize: 2));
            Assert.Equal((5L, page, 2), (result.Total, result.Page, result.PageSize));
            pages.Add(result.Items);
        }

        Assert.Equal([2, 2, 1, 0], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Reverse(started), pages.SelectMany(p => p).Select(i => i.Id));
    }

    [Fact]
    public async Task Instances_started_in_the_same_instant_page_without_gaps_or_repeats()
    {
        await DeployAsync(OneStep("orders", Service("a", "end")));
        var started = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            started.Add((await StartAsync("orders")).Id);
        }

        var listed = new List<string>();
        for (var page = 0; page < 3; page++)
        {
            listed.AddRange((await Store.ListInstancesAsync(new InstanceQuery(Page: page, PageSize: 3))).Items.Select(i => i.Id));
        }

        Assert.Equal(started.Order(), listed.Order());
    }

    [Fact]
    public async Task Definitions_list_the_latest_version_of_each()
    {
        await DeployAsync(Linear("orders") with { Name = "Orders" });
        await DeployAsync(Linear("orders") with { Name = "Orders v2" });
        await DeployAsync(Linear("billing") with { Name = "Invoices" });
        await DeployAsync(Linear("shipping") with { Name = "Parcels" });

        var all = await Engine.Definitions.ListAsync(null, 0, 10);

        Assert.Equal(3, all.Total);
        Assert.Equal([("billing", 1), ("orders", 2), ("shipping", 1)], all.Items.Select(d => (d.Id, d.Version)));
        Assert.Equal("Orders v2", all.Items[1].Name);
    }

    [Fact]
    public async Task Definitions_are_filtered_by_a_keyword_in_id_or_name()
    {
        await DeployAsync(Linear("orders") with { Name = "Orders" });
        await DeployAsync(Linear("billing") with { Name = "Invoices for orders" });
        await DeployAsync(Linear("shipping") with { Name = "Parcels" });

        var found = await Engine.Definitions.ListAsync("orders", 0, 10);

        Assert.Equal(2, found.Total);
        Assert.Equal(["billing", "orders"], found.Items.Select(d => d.Id));
        Assert.Empty((await Engine.Definitions.ListAsync("nothing-like-it", 0, 10)).Items);
    }

    [Fact]
    public async Task Definition_keyword_wildcards_are_taken_literally()
    {
        await DeployAsync(Linear("a_b"));
        await DeployAsync(Linear("axb"));
        await DeployAsync(Linear("plain") with { Name = "100% done" });
        await DeployAsync(Linear("other") with { Name = "1000 done" });

        Assert.Equal(["a_b"], (await Engine.Definitions.ListAsync("a_b", 0, 10)).Items.Select(d => d.Id));
        Assert.Equal(["plain"], (await Engine.Definitions.ListAsync("0%", 0, 10)).Items.Select(d => d.Id));
    }

    [Fact]
    public async Task Definitions_are_paged_with_the_total()
    {
        foreach (var id in new[] { "d1", "d2", "d3", "d4", "d5" })
        {
            await DeployAsync(Linear(id));
        }

        var second = await Engine.Definitions.ListAsync(null, 1, 2);
        var last = await Engine.Definitions.ListAsync(null, 2, 2);

        Assert.Equal(5, second.Total);
        Assert.Equal(["d3", "d4"], second.Items.Select(d => d.Id));
        Assert.Equal(["d5"], last.Items.Select(d => d.Id));
    }

    private async Task AssertListedAsync(InstanceQuery query, params string[] expected)
    {
        var result = await Engine.Instances.ListAsync(query with { PageSize = 50 });
        Assert.Equal(expected.Length, result.Total);
        Assert.Equal(expected.Order(), result.Items.Select(i => i.Id).Order());
    }
}
