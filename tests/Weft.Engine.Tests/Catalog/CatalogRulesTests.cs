using System.Text.Json.Nodes;
using Weft.Engine;
using Weft.Engine.Catalog;

namespace Weft.Engine.Tests.Catalog;

public sealed class CatalogRulesTests
{
    [Theory]
    [InlineData("billing")]
    [InlineData("samples.v2")]
    [InlineData("A-Z_0-9")]
    public void A_namespace_of_letters_digits_dots_underscores_and_dashes_is_accepted(string @namespace) =>
        CatalogRules.CheckNamespace(@namespace);

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("ünïcode")]
    [InlineData("tab\there")]
    public void A_namespace_with_other_characters_is_refused_saying_which_are_allowed(string @namespace)
    {
        var error = Assert.Throws<WeftException>(() => CatalogRules.CheckNamespace(@namespace));
        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.Contains("A-Z, a-z, 0-9, '.', '_' and '-'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_namespace_of_128_characters_is_accepted_and_of_129_refused()
    {
        CatalogRules.CheckNamespace(new string('n', 128));
        var error = Assert.Throws<WeftException>(() => CatalogRules.CheckNamespace(new string('n', 129)));
        Assert.Contains("1 to 128 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "tasks[0].name is blank")]
    [InlineData(" double", "tasks[0].name ' double' starts or ends with white space")]
    [InlineData("double\n", "starts or ends with white space")]
    [InlineData("dou\u0000ble", "tasks[0].name contains a control character")]
    public void A_task_name_follows_the_job_type_rule(string name, string says) =>
        AssertRefused([Task(name)], says);

    [Fact]
    public void A_task_name_of_257_characters_is_refused()
    {
        CatalogRules.Check("ns", [Task(new string('t', 256))]);
        AssertRefused([Task(new string('t', 257))], "tasks[0].name is 257 characters long; the limit is 256");
    }

    [Fact]
    public void Two_tasks_of_the_same_name_are_refused_naming_both()
    {
        AssertRefused([Task("a"), Task("b"), Task("a")], "tasks[2].name 'a' is also the name of tasks[0]; task names must be unique");
    }

    [Fact]
    public void A_description_over_4096_characters_is_refused()
    {
        CatalogRules.Check("ns", [Task("a") with { Description = new string('d', 4096) }]);
        AssertRefused([Task("a") with { Description = new string('d', 4097) }], "tasks[0].description is 4,097 characters long; the limit is 4,096");
    }

    [Fact]
    public void A_version_over_64_characters_is_refused()
    {
        CatalogRules.Check("ns", [Task("a") with { Version = new string('1', 64) }]);
        AssertRefused([Task("a") with { Version = new string('1', 65) }], "tasks[0].version is 65 characters long; the limit is 64");
    }

    [Theory]
    [InlineData("PT5M")]
    [InlineData("P1D")]
    public void An_iso_8601_timeout_is_accepted(string timeout) =>
        Assert.Equal(timeout, Assert.Single(CatalogRules.Check("ns", [Task("a") with { Timeout = timeout }])).Timeout);

    [Theory]
    [InlineData("5 minutes", "tasks[0].timeout '5 minutes'")]
    [InlineData("PT0S", "tasks[0].timeout 'PT0S' is shorter than PT1S")]
    public void A_timeout_that_is_not_a_usable_duration_is_refused(string timeout, string says) =>
        AssertRefused([Task("a") with { Timeout = timeout }], says);

    [Theory]
    [InlineData("string")]
    [InlineData("integer")]
    [InlineData("number")]
    [InlineData("boolean")]
    [InlineData("datetime")]
    [InlineData("object")]
    [InlineData("array")]
    [InlineData("any")]
    public void Each_parameter_type_of_the_contract_is_accepted(string type)
    {
        var task = Assert.Single(CatalogRules.Check("ns", [Task("a", [Input("x", type)], [Output("y", type)])]));
        Assert.Equal(type, Assert.Single(task.Inputs).Type);
        Assert.Equal(type, Assert.Single(task.Outputs).Type);
    }

    [Theory]
    [InlineData("int", "tasks[0].inputs[0].type 'int' is unknown; use one of string, integer, number, boolean, datetime, object, array, any")]
    [InlineData("String", "tasks[0].inputs[0].type 'String' is unknown")]
    [InlineData("", "tasks[0].inputs[0].type is missing")]
    public void An_unknown_input_type_is_refused_listing_the_known_ones(string type, string says) =>
        AssertRefused([Task("a", [Input("x", type)])], says);

    [Fact]
    public void An_unknown_output_type_is_refused_naming_the_output() =>
        AssertRefused([Task("a", outputs: [Output("ok", "string"), Output("y", "float")])], "tasks[0].outputs[1].type 'float' is unknown");

    [Fact]
    public void An_input_without_required_or_default_is_required()
    {
        var input = Assert.Single(Assert.Single(CatalogRules.Check("ns", [Task("a", [Input("x", "string")])])).Inputs);
        Assert.True(input.Required);
    }

    [Fact]
    public void An_input_with_a_default_is_optional_unless_it_says_otherwise()
    {
        var task = Assert.Single(CatalogRules.Check("ns", [Task("a", [
            Input("unit", "string") with { Default = JsonValue.Create("cm") },
            Input("nothing", "any") with { Default = null },
            Input("forced", "integer") with { Default = JsonValue.Create(1), Required = true },
        ])]));

        Assert.Equal([false, false, true], task.Inputs.Select(i => i.Required!.Value));
    }

    [Fact]
    public void An_input_marked_not_required_stays_optional_without_a_default() =>
        Assert.False(Assert.Single(Assert.Single(CatalogRules.Check("ns", [Task("a", [Input("x", "string") with { Required = false }])])).Inputs).Required);

    [Fact]
    public void Allowed_values_that_are_not_a_list_are_refused() =>
        AssertRefused([Task("a", [Input("unit", "string") with { AllowedValues = JsonValue.Create("cm") }])], "tasks[0].inputs[0].allowedValues must be a list");

    [Fact]
    public void A_thousand_tasks_are_accepted_and_a_thousand_and_one_refused()
    {
        Assert.Equal(1000, CatalogRules.Check("ns", Tasks(1000)).Count);
        var error = Assert.Throws<WeftException>(() => CatalogRules.Check("ns", Tasks(1001)));
        Assert.Contains("tasks lists 1,001 tasks; one request may publish at most 1,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_may_have_256_inputs_and_outputs_but_not_257()
    {
        CatalogRules.Check("ns", [Task("a", Inputs(256), Outputs(256))]);
        AssertRefused([Task("a", Inputs(257))], "tasks[0].inputs lists 257 parameters; a task may have at most 256");
        AssertRefused([Task("a", outputs: Outputs(257))], "tasks[0].outputs lists 257 parameters; a task may have at most 256");
    }

    [Fact]
    public void Two_inputs_of_the_same_name_are_refused_but_an_output_may_share_an_inputs_name()
    {
        CatalogRules.Check("ns", [Task("a", [Input("value", "integer")], [Output("value", "integer")])]);
        AssertRefused(
            [Task("a", [Input("value", "integer"), Input("value", "string")])],
            "tasks[0].inputs[1].name 'value' is also the name of tasks[0].inputs[0]; each name may appear once in tasks[0].inputs");
    }

    [Fact]
    public void A_blank_parameter_name_is_refused() =>
        AssertRefused([Task("a", outputs: [Output(" ", "string")])], "tasks[0].outputs[0].name is blank");

    [Fact]
    public void A_missing_task_list_is_refused_saying_what_to_send()
    {
        var error = Assert.Throws<WeftException>(() => CatalogRules.Check("ns", null));
        Assert.Contains("tasks is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_task_is_refused_by_its_index() => AssertRefused([Task("a"), null], "tasks[1] is null");

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var error = Assert.Throws<WeftException>(() => CatalogRules.Check("ns", [
            Task(" a") with { Version = new string('v', 65) },
            Task("b", [Input("x", "int")]),
        ]));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains("have 3 problems", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checked_tasks_have_empty_lists_where_the_document_left_them_out()
    {
        var task = Assert.Single(CatalogRules.Check("ns", [new CatalogTask { Name = "a", Inputs = null!, Outputs = null! }]));
        Assert.Empty(task.Inputs);
        Assert.Empty(task.Outputs);
    }

    private static void AssertRefused(IReadOnlyList<CatalogTask?> tasks, string says)
    {
        var error = Assert.Throws<WeftException>(() => CatalogRules.Check("ns", tasks));
        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.Contains(error.Problems, p => p.Contains(says, StringComparison.Ordinal));
    }

    private static CatalogTask Task(string name, IReadOnlyList<TaskInput>? inputs = null, IReadOnlyList<TaskOutput>? outputs = null) =>
        new() { Name = name, Inputs = inputs ?? [], Outputs = outputs ?? [] };

    private static TaskInput Input(string name, string type) => new() { Name = name, Type = type };

    private static TaskOutput Output(string name, string type) => new() { Name = name, Type = type };

    private static List<CatalogTask?> Tasks(int count) => [.. Enumerable.Range(0, count).Select(i => Task($"task-{i}"))];

    private static List<TaskInput> Inputs(int count) => [.. Enumerable.Range(0, count).Select(i => Input($"in{i}", "any"))];

    private static List<TaskOutput> Outputs(int count) => [.. Enumerable.Range(0, count).Select(i => Output($"out{i}", "any"))];
}
