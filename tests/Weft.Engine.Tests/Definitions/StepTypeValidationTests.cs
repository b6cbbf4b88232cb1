using System.Text.Json.Nodes;
using Weft.Engine.Definitions;
using static Weft.Engine.Tests.Definitions.TestDefinitions;

namespace Weft.Engine.Tests.Definitions;

/// <summary>One test per rule that a step type checks of its own fields, and per rule across gateways.</summary>
public sealed class StepTypeValidationTests
{
    private static StepDefinition Decision(string id, params (string Condition, string Target)[] branches) => new()
    {
        Id = id,
        Type = StepTypes.Decision,
        ConditionalNextSteps = branches.Length == 0 ? null : new OrderedDictionary<string, string>(branches.Select(b => KeyValuePair.Create(b.Condition, b.Target))),
    };

    private static StepDefinition Gateway(string id, string join, params string[] branches) =>
        new() { Id = id, Type = StepTypes.ParallelGateway, ParallelNextSteps = branches, JoinStep = join };

    private static StepDefinition Join(string id, string next) => new() { Id = id, Type = StepTypes.JoinGateway, NextStep = next };

    [Fact]
    public void Every_executable_step_type_in_one_valid_definition_has_no_problem()
    {
        var definition = Flow(
            Service("a", "decide"),
            Decision("decide", ("amount > 100", "review"), ("true", "shape")),
            new StepDefinition { Id = "review", Type = StepTypes.UserTask, NextStep = "shape", Assignee = "ann", CandidateGroups = ["clerks"] },
            new StepDefinition { Id = "shape", Type = StepTypes.Transformation, NextStep = "fork", Transformations = new() { ["total"] = "${amount * 2}", ["flag"] = true } },
            Gateway("fork", "meet", "wait", "pause"),
            new StepDefinition { Id = "wait", Type = StepTypes.Wait, NextStep = "meet", BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "P1D", TargetStepId = "meet" }] },
            new StepDefinition { Id = "pause", Type = StepTypes.Timer, Duration = "PT5M", NextStep = "child" },
            new StepDefinition { Id = "child", Type = StepTypes.SubWorkflow, WorkflowId = "other", InputMapping = new() { ["x"] = "amount" }, NextStep = "meet" },
            Join("meet", "end"),
            End());

        Assert.Empty(DefinitionValidator.Validate(definition));
    }

    [Fact]
    public void Decision_without_conditions_is_a_problem()
    {
        Assert.Contains(DefinitionValidator.Validate(Flow(Decision("d"), End())), p => p.StartsWith("Step 'd' is a DECISION without conditionalNextSteps", StringComparison.Ordinal));
    }

    [Fact]
    public void Decision_condition_that_does_not_parse_is_a_problem_with_its_position()
    {
        var problems = DefinitionValidator.Validate(Flow(Decision("d", ("amount >> 5", "end")), End()));

        var problem = Assert.Single(problems);
        Assert.StartsWith("Step 'd': ", problem, StringComparison.Ordinal);
        Assert.Contains("amount >> 5", problem, StringComparison.Ordinal);
        Assert.Contains("position", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_may_have_a_next_step_as_its_default_branch()
    {
        Assert.Empty(DefinitionValidator.Validate(Flow(Decision("d", ("x == 1", "end")) with { NextStep = "end" }, End())));
    }

    [Fact]
    public void Transformation_without_transformations_is_a_problem()
    {
        var step = new StepDefinition { Id = "t", Type = StepTypes.Transformation, NextStep = "end" };
        Assert.Contains(DefinitionValidator.Validate(With(step)), p => p.StartsWith("Step 't' is a TRANSFORMATION without transformations", StringComparison.Ordinal));
    }

    [Fact]
    public void Transformation_template_that_does_not_parse_is_a_problem_naming_the_variable()
    {
        var step = new StepDefinition { Id = "t", Type = StepTypes.Transformation, NextStep = "end", Transformations = new() { ["total"] = "${price *}" } };

        var problem = Assert.Single(DefinitionValidator.Validate(With(step)));

        Assert.StartsWith("Step 't': transformations.total: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Transformation_literals_of_every_json_type_are_accepted()
    {
        var step = new StepDefinition
        {
            Id = "t", Type = StepTypes.Transformation, NextStep = "end",
            Transformations = new() { ["n"] = 1, ["s"] = "text", ["b"] = false, ["o"] = new JsonObject { ["a"] = 1 }, ["l"] = new JsonArray(1, 2), ["z"] = null },
        };

        Assert.Empty(DefinitionValidator.Validate(With(step)));
    }

    [Fact]
    public void Sub_workflow_without_workflow_id_is_a_problem()
    {
        var step = new StepDefinition { Id = "s", Type = StepTypes.SubWorkflow, NextStep = "end" };
        Assert.Contains(DefinitionValidator.Validate(With(step)), p => p.StartsWith("Step 's' is a SUB_WORKFLOW without workflowId", StringComparison.Ordinal));
    }

    [Fact]
    public void Sub_workflow_version_below_one_is_a_problem()
    {
        var step = new StepDefinition { Id = "s", Type = StepTypes.SubWorkflow, WorkflowId = "child", WorkflowVersion = 0, NextStep = "end" };
        Assert.Equal(["Step 's': version is 0; definition versions start at 1."], DefinitionValidator.Validate(With(step)));
    }

    [Fact]
    public void Sub_workflow_mapping_that_does_not_parse_is_a_problem_naming_the_field()
    {
        var step = new StepDefinition
        {
            Id = "s", Type = StepTypes.SubWorkflow, WorkflowId = "child", NextStep = "end",
            InputMapping = new() { ["x"] = "a +" }, OutputMapping = new() { ["y"] = "(b" },
        };

        var problems = DefinitionValidator.Validate(With(step));

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Step 's': inputMapping.x: ", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("Step 's': outputMapping.y: ", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Parallel_gateway_with_one_branch_is_a_problem()
    {
        var problems = DefinitionValidator.Validate(Flow(Gateway("g", "j", "a"), Service("a", "j"), Join("j", "end"), End()));
        Assert.Contains(problems, p => p.StartsWith("Step 'g' is a PARALLEL_GATEWAY with 1 branch(es)", StringComparison.Ordinal));
    }

    [Fact]
    public void Parallel_gateway_naming_a_branch_twice_is_a_problem()
    {
        var problems = DefinitionValidator.Validate(Flow(Gateway("g", "j", "a", "a"), Service("a", "j"), Join("j", "end"), End()));
        Assert.Contains(problems, p => p.Contains("parallelNextSteps lists a step twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Parallel_gateway_with_a_next_step_is_a_problem()
    {
        var gateway = Gateway("g", "j", "a", "b") with { NextStep = "end" };
        var problems = DefinitionValidator.Validate(Flow(gateway, Service("a", "j"), Service("b", "j"), Join("j", "end"), End()));
        Assert.Equal(["Step 'g' is a PARALLEL_GATEWAY with a nextStep: it goes on at its joinStep's nextStep once all branches arrive, so remove nextStep."], problems);
    }

    [Fact]
    public void Join_step_that_is_not_a_join_gateway_is_a_problem()
    {
        var problems = DefinitionValidator.Validate(Flow(Gateway("g", "end", "a", "b"), Service("a", "end"), Service("b", "end"), End()));
        Assert.Contains("Step 'g': joinStep 'end' has type END; the branches of a PARALLEL_GATEWAY meet at a JOIN_GATEWAY.", problems);
    }

    [Fact]
    public void A_join_named_by_two_gateways_is_a_problem()
    {
        var definition = Flow(
            Gateway("g1", "j", "a", "b"), Service("a", "j"), Service("b", "j"), Join("j", "g2"),
            Gateway("g2", "j", "c", "d"), Service("c", "j"), Service("d", "j"), End());

        Assert.Contains(DefinitionValidator.Validate(definition), p => p.Contains("is the joinStep of both 'g1' and 'g2'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_branch_that_leads_to_another_gateways_join_is_a_problem()
    {
        var definition = Flow(
            Gateway("outer", "outer-join", "inner", "x"),
            Gateway("inner", "inner-join", "a", "b"),
            Service("a", "inner-join"),
            Service("b", "outer-join"), // escapes the inner gateway
            Join("inner-join", "outer-join"),
            Service("x", "outer-join"),
            Join("outer-join", "end"),
            End());

        var problem = Assert.Single(DefinitionValidator.Validate(definition));

        Assert.Equal("A branch of 'inner' leads to 'outer-join', the join of 'outer', instead of its own join 'inner-join'.", problem);
    }

    [Fact]
    public void A_join_reachable_without_its_gateway_is_a_problem()
    {
        var definition = Flow(
            Decision("d", ("x == 1", "g"), ("true", "j")),
            Gateway("g", "j", "a", "b"), Service("a", "j"), Service("b", "j"), Join("j", "end"), End());

        Assert.Contains(DefinitionValidator.Validate(definition), p => p.StartsWith("Step 'j' (the join of 'g') can be reached without passing its PARALLEL_GATEWAY", StringComparison.Ordinal));
    }

    [Fact]
    public void Nested_gateways_whose_branches_meet_at_their_own_joins_are_accepted()
    {
        var definition = Flow(
            Gateway("outer", "outer-join", "inner", "x"),
            Gateway("inner", "inner-join", "a", "b"),
            Service("a", "inner-join"), Service("b", "inner-join"),
            Join("inner-join", "after-inner"), Service("after-inner", "outer-join"),
            Service("x", "outer-join"),
            Join("outer-join", "end"),
            End());

        Assert.Empty(DefinitionValidator.Validate(definition));
    }

    [Fact]
    public void A_branch_may_end_the_instance_at_an_end()
    {
        var definition = Flow(Gateway("g", "j", "a", "b"), Service("a", "j"), Service("b", "end"), Join("j", "end"), End());
        Assert.Empty(DefinitionValidator.Validate(definition));
    }

    [Fact]
    public void Boundary_events_on_a_step_that_does_not_wait_are_a_problem()
    {
        var step = Decision("d", ("true", "end")) with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT1M", TargetStepId = "end" }] };
        Assert.Contains(DefinitionValidator.Validate(With(step)), p => p.StartsWith("Step 'd': boundary events attach only to steps that wait", StringComparison.Ordinal));
    }

    [Fact]
    public void Boundary_event_without_a_target_is_a_problem()
    {
        var step = Service("a", "end") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT1M" }] };
        Assert.Equal(["Step 'a': boundaryEvents[0] needs a targetStepId: the step to go to when the timer fires."], DefinitionValidator.Validate(With(step)));
    }

    [Fact]
    public void Next_workflow_id_that_is_not_an_id_is_a_problem()
    {
        var problems = DefinitionValidator.Validate(Minimal() with { AutoStartNextWorkflow = true, NextWorkflowId = "next one" });
        Assert.Equal(["nextWorkflowId 'next one' may contain only letters, digits, '_', ':' and '-'."], problems);
    }

    [Fact]
    public void Timer_until_without_an_offset_is_read_as_utc_and_garbage_is_a_problem()
    {
        var good = new StepDefinition { Id = "t", Type = StepTypes.Timer, Until = "2026-12-01T09:00:00", NextStep = "end" };
        var bad = good with { Until = "next tuesday" };

        Assert.Empty(DefinitionValidator.Validate(With(good)));
        Assert.Contains(DefinitionValidator.Validate(With(bad)), p => p.Contains("until 'next tuesday' is not an ISO-8601 instant", StringComparison.Ordinal));
    }
}
