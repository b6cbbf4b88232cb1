using Weft.Engine.Definitions;
using static Weft.Engine.Tests.Definitions.TestDefinitions;

namespace Weft.Engine.Tests.Definitions;

public sealed class DefinitionValidatorTests
{
    [Fact]
    public void A_minimal_linear_definition_has_no_problems()
    {
        Assert.Empty(DefinitionValidator.Validate(Minimal()));
        DefinitionValidator.ThrowIfInvalid(Minimal());
    }

    [Fact]
    public void Missing_id_is_a_problem()
    {
        AssertOnlyProblem(Minimal() with { Id = "" }, "id is missing");
    }

    [Fact]
    public void Id_longer_than_256_characters_is_a_problem()
    {
        AssertOnlyProblem(Minimal() with { Id = new string('x', 257) }, "id is 257 characters long", "limit is 256");
    }

    [Fact]
    public void Id_of_exactly_256_characters_is_accepted()
    {
        Assert.Empty(DefinitionValidator.Validate(Minimal() with { Id = new string('x', 256) }));
    }

    [Theory]
    [InlineData("order flow")]
    [InlineData("order/flow")]
    [InlineData("ordér")]
    public void Id_with_characters_outside_the_allowed_set_is_a_problem(string id)
    {
        AssertOnlyProblem(Minimal() with { Id = id }, $"id '{id}'", "only letters, digits");
    }

    [Fact]
    public void Id_with_letters_digits_underscore_colon_and_dash_is_accepted()
    {
        Assert.Empty(DefinitionValidator.Validate(Minimal() with { Id = "Order_flow:v2-B" }));
    }

    [Fact]
    public void Empty_steps_is_a_problem()
    {
        AssertOnlyProblem(Minimal() with { Steps = [] }, "steps is empty");
    }

    [Fact]
    public void Step_without_id_is_a_problem_naming_its_position()
    {
        AssertOnlyProblem(Flow(Service("a", "end"), End(), End() with { Id = "" }), "steps[2] has no id");
    }

    [Fact]
    public void Step_id_with_bad_characters_is_a_problem_naming_its_position()
    {
        AssertOnlyProblem(Flow(Service("a b", "end"), End()), "steps[0].id 'a b'");
    }

    [Fact]
    public void Duplicate_step_ids_are_a_problem()
    {
        AssertOnlyProblem(Flow(Service("a", "end"), Service("a", "end"), End()), "Step id 'a' is used more than once");
    }

    [Fact]
    public void Step_without_type_is_a_problem_listing_the_types()
    {
        AssertOnlyProblem(With(Service("a", "end") with { Type = "" }), "Step 'a' has no type", "SERVICE_TASK");
    }

    [Fact]
    public void Unknown_step_type_is_a_problem_naming_it()
    {
        AssertOnlyProblem(With(Service("a", "end") with { Type = "SERVICE" }), "Step 'a' has unknown type 'SERVICE'", "SERVICE_TASK");
    }

    [Fact]
    public void A_script_task_is_refused_until_the_script_runner_exists_naming_the_step()
    {
        var definition = With(Service("approve", "end") with { Type = StepTypes.ScriptTask, Script = "approve.py" });

        var error = Assert.Throws<WeftException>(() => DefinitionValidator.ThrowIfInvalid(definition));

        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        var problem = Assert.Single(error.Problems);
        Assert.Contains("Step 'approve' has type SCRIPT_TASK, which this version of Weft cannot run yet", problem, StringComparison.Ordinal);
        Assert.Contains("'flow'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dangling_next_step_is_a_problem()
    {
        AssertHasProblem(Flow(Service("a", "nowhere"), End()), "Step 'a': nextStep points to 'nowhere', which is not a step");
    }

    [Fact]
    public void Dangling_conditional_next_step_is_a_problem_naming_the_expression()
    {
        var step = Service("a", "end") with { ConditionalNextSteps = new() { ["amount > 100"] = "ghost" } };
        AssertOnlyProblem(With(step), "Step 'a': conditionalNextSteps['amount > 100'] points to 'ghost'");
    }

    [Fact]
    public void Dangling_parallel_next_step_is_a_problem()
    {
        AssertOnlyProblem(With(Service("a", "end") with { ParallelNextSteps = ["end", "ghost"] }), "Step 'a': parallelNextSteps points to 'ghost'");
    }

    [Fact]
    public void Dangling_join_step_is_a_problem()
    {
        AssertOnlyProblem(With(Service("a", "end") with { JoinStep = "ghost" }), "Step 'a': joinStep points to 'ghost'");
    }

    [Fact]
    public void Dangling_boundary_event_target_is_a_problem()
    {
        var step = Service("a", "end") with
        {
            BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT5M", TargetStepId = "ghost" }],
        };
        AssertOnlyProblem(With(step), "Step 'a': boundaryEvents.targetStepId points to 'ghost'");
    }

    [Fact]
    public void End_step_with_a_next_step_is_a_problem()
    {
        AssertOnlyProblem(Flow(Service("a", "end"), End() with { NextStep = "a" }), "Step 'end' is an END step but has a next step");
    }

    [Fact]
    public void Non_end_step_without_a_next_step_is_a_problem()
    {
        AssertHasProblem(Flow(Service("a", null), End()), "Step 'a' (SERVICE_TASK) has no next step");
    }

    [Fact]
    public void Negative_retry_count_is_a_problem()
    {
        AssertOnlyProblem(With(Service("a", "end") with { RetryCount = -1 }), "Step 'a': retryCount is -1");
    }

    [Fact]
    public void Zero_retry_count_is_accepted()
    {
        Assert.Empty(DefinitionValidator.Validate(With(Service("a", "end") with { RetryCount = 0 })));
    }

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("PT")]
    [InlineData("T5M")]
    [InlineData("P1S")]
    public void Timeout_that_is_not_an_iso_duration_is_a_problem(string timeout)
    {
        AssertOnlyProblem(With(Service("a", "end") with { Timeout = timeout }), $"Step 'a': timeout '{timeout}' is not an ISO-8601 duration");
    }

    [Theory]
    [InlineData("P3000000D")]
    [InlineData("P101Y")]
    public void Timeout_over_100_years_is_a_problem(string timeout)
    {
        AssertOnlyProblem(With(Service("a", "end") with { Timeout = timeout }), $"Step 'a': timeout '{timeout}' is longer than 100 years");
    }

    [Theory]
    [InlineData("PT0S")]
    [InlineData("PT0.5S")]
    public void Timeout_under_a_second_is_a_problem(string timeout)
    {
        AssertOnlyProblem(With(Service("a", "end") with { Timeout = timeout }), $"Step 'a': timeout '{timeout}' is shorter than PT1S");
    }

    [Fact]
    public void Retry_backoff_over_100_years_is_a_problem()
    {
        var step = Service("a", "end") with { RetryBackoff = new RetryBackoff { Initial = "P10675199D", Max = "P10675199D" } };

        var problems = DefinitionValidator.Validate(With(step));

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains("'P10675199D' is longer than 100 years", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Retry_backoff_initial_longer_than_max_is_a_problem()
    {
        var step = Service("a", "end") with { RetryBackoff = new RetryBackoff { Initial = "PT10M", Max = "PT5M" } };
        AssertOnlyProblem(With(step), "Step 'a': retryBackoff.initial 'PT10M' is longer than retryBackoff.max 'PT5M'");
    }

    [Theory]
    [InlineData("   ", "is blank")]
    [InlineData(" send", "starts or ends with white space")]
    [InlineData("send\t", "starts or ends with white space")]
    [InlineData("se\nnd", "control character")]
    public void Job_type_that_no_worker_could_poll_for_is_a_problem(string jobType, string says)
    {
        jobType = System.Text.RegularExpressions.Regex.Unescape(jobType);
        AssertOnlyProblem(With(Service("a", "end") with { JobType = jobType }), "Step 'a': jobType", says);
    }

    [Fact]
    public void Job_type_over_256_characters_is_a_problem()
    {
        AssertOnlyProblem(With(Service("a", "end") with { JobType = new string('j', 257) }), "Step 'a': jobType is 257 characters long; the limit is 256");
    }

    [Fact]
    public void A_very_long_step_id_is_shortened_in_messages()
    {
        var id = new string('x', 5000);
        var problems = DefinitionValidator.Validate(Flow(Service("a", "end"), Service(id, "end"), End()));

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.True(p.Length < 500, p));
    }

    [Fact]
    public void Retry_backoff_initial_and_max_must_be_iso_durations()
    {
        var step = Service("a", "end") with { RetryBackoff = new RetryBackoff { Initial = "1s", Max = "5m" } };

        var problems = DefinitionValidator.Validate(With(step));

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("retryBackoff.initial '1s'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("retryBackoff.max '5m'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    [InlineData(-2)]
    public void Retry_backoff_factor_below_one_is_a_problem(double factor)
    {
        var step = Service("a", "end") with { RetryBackoff = new RetryBackoff { Factor = factor } };
        AssertOnlyProblem(With(step), "Step 'a': retryBackoff.factor", "must be 1 or more");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Retry_backoff_jitter_outside_zero_to_one_is_a_problem(double jitter)
    {
        var step = Service("a", "end") with { RetryBackoff = new RetryBackoff { Jitter = jitter } };
        AssertOnlyProblem(With(step), "Step 'a': retryBackoff.jitter", "between 0 and 1");
    }

    [Fact]
    public void Retry_backoff_at_the_edges_of_its_ranges_is_accepted()
    {
        var edges = new RetryBackoff { Initial = "PT0S", Factor = 1, Max = "P1D", Jitter = 1 };
        Assert.Empty(DefinitionValidator.Validate(With(Service("a", "end") with { RetryBackoff = edges })));
        Assert.Empty(DefinitionValidator.Validate(With(Service("a", "end") with { RetryBackoff = edges with { Jitter = 0 } })));
    }

    [Fact]
    public void Boundary_event_of_unknown_type_is_a_problem()
    {
        var step = Service("a", "end") with { BoundaryEvents = [new BoundaryEvent { Type = "SIGNAL", Duration = "PT1M", TargetStepId = "end" }] };
        AssertOnlyProblem(With(step), "Step 'a': boundaryEvents[0] has type 'SIGNAL'; the only boundary event type is TIMER");
    }

    [Fact]
    public void Boundary_timer_without_duration_is_a_problem()
    {
        var step = Service("a", "end") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", TargetStepId = "end" }] };
        AssertOnlyProblem(With(step), "Step 'a': boundaryEvents[0] needs a duration");
    }

    [Fact]
    public void Boundary_timer_with_a_bad_duration_is_a_problem()
    {
        var step = Service("a", "end") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "7 days", TargetStepId = "end" }] };
        AssertOnlyProblem(With(step), "Step 'a': boundaryEvents[0].duration '7 days' is not an ISO-8601 duration");
    }

    [Fact]
    public void Boundary_timer_of_seven_days_is_accepted()
    {
        var step = Service("a", "end") with { BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "P7D", TargetStepId = "end" }] };
        Assert.Empty(DefinitionValidator.Validate(With(step)));
    }

    [Fact]
    public void Timer_without_duration_or_until_is_a_problem()
    {
        AssertHasProblem(With(Timer()), "Step 'wait' is a TIMER: set exactly one of duration");
    }

    [Fact]
    public void Timer_with_both_duration_and_until_is_a_problem()
    {
        AssertHasProblem(With(Timer() with { Duration = "PT5M", Until = "2026-12-01T09:00:00Z" }), "Step 'wait' is a TIMER: set exactly one of duration");
    }

    [Fact]
    public void Timer_with_only_a_duration_has_no_timer_problem()
    {
        var problems = DefinitionValidator.Validate(With(Timer() with { Duration = "PT5M" }));
        Assert.DoesNotContain(problems, p => p.Contains("is a TIMER", StringComparison.Ordinal));
    }

    [Fact]
    public void Timer_with_an_until_that_is_not_an_instant_is_a_problem()
    {
        AssertHasProblem(With(Timer() with { Until = "next monday" }), "Step 'wait': until 'next monday' is not an ISO-8601 instant");
    }

    [Fact]
    public void Timer_with_a_bad_duration_is_a_problem()
    {
        AssertHasProblem(With(Timer() with { Duration = "5m" }), "Step 'wait': duration '5m' is not an ISO-8601 duration");
    }

    [Fact]
    public void Parallel_gateway_without_branches_is_a_problem()
    {
        var gateway = new StepDefinition { Id = "fork", Type = StepTypes.ParallelGateway, JoinStep = "join" };
        AssertHasProblem(Flow(gateway, new StepDefinition { Id = "join", Type = StepTypes.JoinGateway, NextStep = "end" }, End()),
            "Step 'fork' is a PARALLEL_GATEWAY with 0 branch(es) in parallelNextSteps");
    }

    [Fact]
    public void Parallel_gateway_without_join_step_is_a_problem()
    {
        var gateway = new StepDefinition { Id = "fork", Type = StepTypes.ParallelGateway, ParallelNextSteps = ["end"] };
        AssertHasProblem(With(gateway), "Step 'fork' is a PARALLEL_GATEWAY without joinStep");
    }

    [Fact]
    public void Join_gateway_that_no_parallel_gateway_names_is_a_problem()
    {
        var join = new StepDefinition { Id = "join", Type = StepTypes.JoinGateway, NextStep = "end" };
        AssertHasProblem(Flow(Service("a", "join"), join, End()), "Step 'join' is a JOIN_GATEWAY that no PARALLEL_GATEWAY names as its joinStep");
    }

    [Fact]
    public void Join_gateway_named_by_its_gateway_has_no_join_problem()
    {
        var fork = new StepDefinition { Id = "fork", Type = StepTypes.ParallelGateway, ParallelNextSteps = ["b", "c"], JoinStep = "join" };
        var join = new StepDefinition { Id = "join", Type = StepTypes.JoinGateway, NextStep = "end" };

        var problems = DefinitionValidator.Validate(Flow(fork, Service("b", "join"), Service("c", "join"), join, End()));

        Assert.DoesNotContain(problems, p => p.Contains("JOIN_GATEWAY that no", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("cannot be reached", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("without", StringComparison.Ordinal));
    }

    [Fact]
    public void Sub_workflow_without_workflow_id_is_a_problem()
    {
        AssertHasProblem(With(new StepDefinition { Id = "child", Type = StepTypes.SubWorkflow, NextStep = "end" }), "Step 'child' is a SUB_WORKFLOW without workflowId");
    }

    [Fact]
    public void Script_task_without_script_is_a_problem()
    {
        AssertHasProblem(With(new StepDefinition { Id = "run", Type = StepTypes.ScriptTask, NextStep = "end" }), "Step 'run' is a SCRIPT_TASK without script");
    }

    [Fact]
    public void Auto_start_next_workflow_without_next_workflow_id_is_a_problem()
    {
        AssertOnlyProblem(Minimal() with { AutoStartNextWorkflow = true }, "autoStartNextWorkflow is true but nextWorkflowId is missing");
    }

    [Fact]
    public void Auto_start_next_workflow_with_next_workflow_id_is_accepted()
    {
        Assert.Empty(DefinitionValidator.Validate(Minimal() with { AutoStartNextWorkflow = true, NextWorkflowId = "shipping" }));
    }

    [Fact]
    public void Unreachable_step_is_a_problem_naming_the_first_step()
    {
        AssertOnlyProblem(Flow(Service("a", "end"), Service("orphan", "end"), End()), "Step 'orphan' cannot be reached from the first step 'a'");
    }

    [Fact]
    public void Steps_reached_only_through_conditions_branches_or_boundary_events_are_reachable()
    {
        var a = Service("a", "end") with
        {
            ConditionalNextSteps = new() { ["x"] = "b" },
            ParallelNextSteps = ["c"],
            BoundaryEvents = [new BoundaryEvent { Type = "TIMER", Duration = "PT1M", TargetStepId = "d" }],
        };

        Assert.Empty(DefinitionValidator.Validate(Flow(a, Service("b", "end"), Service("c", "end"), Service("d", "end"), End())));
    }

    [Fact]
    public void Definition_without_a_reachable_end_is_a_problem()
    {
        AssertOnlyProblem(Flow(Service("a", "b"), Service("b", "a")), "No END step can be reached from the first step 'a'");
    }

    [Fact]
    public void End_that_exists_but_cannot_be_reached_is_reported_as_both_unreachable_and_no_reachable_end()
    {
        var problems = DefinitionValidator.Validate(Flow(Service("a", "b"), Service("b", "a"), End()));

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("Step 'end' cannot be reached", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("No END step can be reached", StringComparison.Ordinal));
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var definition = Flow(
            Service("a", "end") with { RetryCount = -3 },
            Service("b", "end") with { Timeout = "soon" },
            End()) with { AutoStartNextWorkflow = true };

        var error = Assert.Throws<WeftException>(() => DefinitionValidator.ThrowIfInvalid(definition));

        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("autoStartNextWorkflow", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("retryCount is -3", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("timeout 'soon'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("Step 'b' cannot be reached", StringComparison.Ordinal));
        Assert.StartsWith("The definition 'flow' has 4 problems: (1) ", error.Message, StringComparison.Ordinal);
        Assert.Contains("(4) ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_distinct_problems_yield_three_problems()
    {
        var definition = Flow(
            Service("a", "end") with { RetryCount = -1, ConditionalNextSteps = new() { ["x > 1"] = "ghost" } },
            End()) with { Id = "bad id" };

        var error = Assert.Throws<WeftException>(() => DefinitionValidator.ThrowIfInvalid(definition));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("id 'bad id'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("conditionalNextSteps['x > 1'] points to 'ghost'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("retryCount is -1", StringComparison.Ordinal));
        Assert.Contains("has 3 problems", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_problem_is_worded_as_one_problem()
    {
        var error = Assert.Throws<WeftException>(() => DefinitionValidator.ThrowIfInvalid(Minimal() with { AutoStartNextWorkflow = true }));

        Assert.Single(error.Problems);
        Assert.StartsWith("The definition 'flow' has a problem: autoStartNextWorkflow", error.Message, StringComparison.Ordinal);
    }

    private static StepDefinition Timer() => new() { Id = "wait", Type = StepTypes.Timer, NextStep = "end" };

    private static void AssertOnlyProblem(WorkflowDefinition definition, params string[] fragments)
    {
        var problems = DefinitionValidator.Validate(definition);
        var problem = Assert.Single(problems);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, problem, StringComparison.Ordinal);
        }
    }

    private static void AssertHasProblem(WorkflowDefinition definition, string fragment)
    {
        var problems = DefinitionValidator.Validate(definition);
        Assert.Contains(problems, p => p.Contains(fragment, StringComparison.Ordinal));
    }
}
