using System.Text.Json.Nodes;
using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using static Weft.Engine.Tests.Definitions.TestDefinitions;

namespace Weft.Engine.Tests.Definitions;

public sealed class DefinitionWarningsTests
{
    private static readonly CatalogEntry ChargeCard = Entry("billing", "charge-card", inputs: [Required("amount")], outputs: ["receipt"]);

    [Fact]
    public void A_required_input_that_no_step_sets_is_a_warning_that_says_where_it_must_come_from()
    {
        var definition = Flow(Charge("end"), End());

        var warning = Assert.Single(DefinitionWarnings.For(definition, [ChargeCard]));

        Assert.Equal(
            "Step 'charge' runs task 'charge-card' (catalog 'billing'), which needs the input 'amount'; no step of this definition sets it, so it must come with the instance's start variables.",
            warning);
    }

    [Fact]
    public void An_output_of_another_catalogued_task_provides_the_input()
    {
        var definition = Flow(Service("price", "charge") with { JobType = "pricing" }, Charge("end"), End());
        var pricing = Entry("shop", "pricing", outputs: ["amount"]);

        Assert.Empty(DefinitionWarnings.For(definition, [ChargeCard, pricing]));
    }

    [Fact]
    public void A_transformation_key_provides_the_input()
    {
        var definition = Flow(
            new StepDefinition { Id = "set", Type = StepTypes.Transformation, NextStep = "charge", Transformations = new() { ["amount"] = JsonValue.Create(5) } },
            Charge("end"),
            End());

        Assert.Empty(DefinitionWarnings.For(definition, [ChargeCard]));
    }

    [Fact]
    public void A_sub_workflow_output_mapping_key_provides_the_input()
    {
        var definition = Flow(
            new StepDefinition { Id = "quote", Type = StepTypes.SubWorkflow, NextStep = "charge", WorkflowId = "quoting", OutputMapping = new() { ["amount"] = "total" } },
            Charge("end"),
            End());

        Assert.Empty(DefinitionWarnings.For(definition, [ChargeCard]));
    }

    [Fact]
    public void A_step_does_not_provide_its_own_input()
    {
        var refund = Entry("billing", "charge-card", inputs: [Required("amount")], outputs: ["amount"]);

        Assert.Single(DefinitionWarnings.For(Flow(Charge("end"), End()), [refund]));
    }

    [Fact]
    public void A_second_step_of_the_same_task_provides_the_input_to_the_first()
    {
        var refund = Entry("billing", "charge-card", inputs: [Required("amount")], outputs: ["amount"]);
        var definition = Flow(Charge("again"), Charge("end") with { Id = "again" }, End());

        Assert.Empty(DefinitionWarnings.For(definition, [refund]));
    }

    [Fact]
    public void An_optional_input_is_no_warning()
    {
        var optional = Entry("billing", "charge-card", inputs: [Required("amount") with { Required = false }]);

        Assert.Empty(DefinitionWarnings.For(Flow(Charge("end"), End()), [optional]));
    }

    [Fact]
    public void A_job_type_that_is_not_in_the_catalog_is_no_warning() =>
        Assert.Empty(DefinitionWarnings.For(Flow(Service("other", "end"), End()), [ChargeCard]));

    [Fact]
    public void A_task_in_two_namespaces_is_warned_about_once_per_namespace()
    {
        var warnings = DefinitionWarnings.For(Flow(Charge("end"), End()), [Entry("zeta", "charge-card", [Required("amount")]), ChargeCard]);

        Assert.Equal(2, warnings.Count);
        Assert.Contains("(catalog 'billing')", warnings[0], StringComparison.Ordinal);
        Assert.Contains("(catalog 'zeta')", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_a_hundred_warnings_are_cut_with_a_count_of_the_rest()
    {
        var many = Entry("big", "charge-card", [.. Enumerable.Range(0, 150).Select(i => Required($"in{i}"))]);

        var warnings = DefinitionWarnings.For(Flow(Charge("end"), End()), [many]);

        Assert.Equal(101, warnings.Count);
        Assert.Equal("… and 50 more warnings like these.", warnings[^1]);
    }

    private static StepDefinition Charge(string next) => Service("charge", next) with { JobType = "charge-card" };

    private static TaskInput Required(string name) => new() { Name = name, Type = "any", Required = true };

    private static CatalogEntry Entry(string @namespace, string name, IReadOnlyList<TaskInput>? inputs = null, IReadOnlyList<string>? outputs = null) =>
        new(@namespace, new CatalogTask
        {
            Name = name,
            Inputs = inputs ?? [],
            Outputs = [.. (outputs ?? []).Select(o => new TaskOutput { Name = o, Type = "any" })],
        });
}
