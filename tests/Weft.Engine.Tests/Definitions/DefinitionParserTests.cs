using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Engine.Definitions;

namespace Weft.Engine.Tests.Definitions;

public sealed class DefinitionParserTests
{
    /// <summary>Every field of DESIGN §3, with values that differ from their defaults.</summary>
    private const string Full = """
        {
          "id": "order-flow",
          "version": 0,
          "name": "Order flow",
          "description": "Takes an order through payment.",
          "autoStartNextWorkflow": true,
          "nextWorkflowId": "shipping",
          "metadata": { "owner": "team-a", "tags": ["x", "y"], "level": 2 },
          "steps": [
            {
              "id": "charge",
              "name": "Charge card",
              "type": "SERVICE_TASK",
              "description": "Charges the card.",
              "nextStep": "end",
              "jobType": "payments.charge",
              "retryCount": 3,
              "conditionalNextSteps": { "z > 1": "end", "a < 0": "wait", "true": "child" },
              "transformations": { "total": "${price * qty}", "currency": "EUR", "count": 3, "flag": true, "tags": ["a"], "nested": { "k": 1 } },
              "parallelNextSteps": ["script", "approve"],
              "joinStep": "end",
              "boundaryEvents": [
                { "type": "TIMER", "duration": "P7D", "interrupting": false, "targetStepId": "end" },
                { "type": "TIMER", "duration": "PT30M", "interrupting": true, "targetStepId": "wait" }
              ],
              "delegateClass": "com.example.Charge",
              "retryBackoff": { "initial": "PT1S", "factor": 2.5, "max": "PT5M", "jitter": 0.2 },
              "timeout": "PT2M"
            },
            { "id": "wait", "type": "TIMER", "duration": "PT5M", "until": "2026-12-01T09:00:00Z", "nextStep": "end" },
            {
              "id": "child", "type": "SUB_WORKFLOW", "workflowId": "child-flow", "version": 4,
              "inputMapping": { "a": "${x}", "b": "${y}" }, "outputMapping": { "c": "${z}" }, "nextStep": "end"
            },
            { "id": "script", "type": "SCRIPT_TASK", "script": "scripts/run.csx", "nextStep": "end" },
            { "id": "approve", "type": "USER_TASK", "assignee": "ann", "candidateGroup": "managers", "nextStep": "end" },
            { "id": "end", "type": "END" }
          ]
        }
        """;

    [Fact]
    public void Top_level_fields_are_parsed()
    {
        var definition = DefinitionParser.Parse(Full);

        Assert.Equal("order-flow", definition.Id);
        Assert.Equal("Order flow", definition.Name);
        Assert.Equal("Takes an order through payment.", definition.Description);
        Assert.True(definition.AutoStartNextWorkflow);
        Assert.Equal("shipping", definition.NextWorkflowId);
        Assert.Equal("team-a", (string?)definition.Metadata!["owner"]);
        Assert.Equal(2, (int?)definition.Metadata["level"]);
        Assert.Equal(["charge", "wait", "child", "script", "approve", "end"], definition.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Service_task_fields_are_parsed()
    {
        var step = DefinitionParser.Parse(Full).Steps[0];

        Assert.Equal("Charge card", step.Name);
        Assert.Equal(StepTypes.ServiceTask, step.Type);
        Assert.Equal("Charges the card.", step.Description);
        Assert.Equal("end", step.NextStep);
        Assert.Equal("payments.charge", step.JobType);
        Assert.Equal("payments.charge", step.EffectiveJobType);
        Assert.Equal(3, step.RetryCount);
        Assert.Equal(["script", "approve"], step.ParallelNextSteps!);
        Assert.Equal("end", step.JoinStep);
        Assert.Equal("com.example.Charge", step.DelegateClass);
        Assert.Equal("PT2M", step.Timeout);
        Assert.Equal(new RetryBackoff { Initial = "PT1S", Factor = 2.5, Max = "PT5M", Jitter = 0.2 }, step.RetryBackoff);
    }

    [Fact]
    public void Conditional_next_steps_keep_their_written_order()
    {
        var step = DefinitionParser.Parse(Full).Steps[0];

        Assert.Equal(["z > 1", "a < 0", "true"], step.ConditionalNextSteps!.Keys);
        Assert.Equal(["end", "wait", "child"], step.ConditionalNextSteps.Values);
    }

    [Fact]
    public void Transformations_keep_literals_and_expressions()
    {
        var transformations = DefinitionParser.Parse(Full).Steps[0].Transformations!;

        Assert.Equal(["total", "currency", "count", "flag", "tags", "nested"], transformations.Keys);
        Assert.Equal("${price * qty}", (string?)transformations["total"]);
        Assert.Equal("EUR", (string?)transformations["currency"]);
        Assert.Equal(3, (int?)transformations["count"]);
        Assert.True((bool?)transformations["flag"]);
        Assert.Equal("a", (string?)transformations["tags"]![0]);
        Assert.Equal(1, (int?)transformations["nested"]!["k"]);
    }

    [Fact]
    public void Boundary_events_are_parsed_in_order()
    {
        var events = DefinitionParser.Parse(Full).Steps[0].BoundaryEvents!;

        Assert.Equal(
            [
                new BoundaryEvent { Type = "TIMER", Duration = "P7D", Interrupting = false, TargetStepId = "end" },
                new BoundaryEvent { Type = "TIMER", Duration = "PT30M", Interrupting = true, TargetStepId = "wait" },
            ],
            events);
    }

    [Fact]
    public void Boundary_events_do_not_interrupt_unless_told_to()
    {
        var definition = DefinitionParser.Parse("""
            {"id":"f","steps":[{"id":"a","type":"SERVICE_TASK","nextStep":"end","boundaryEvents":[{"type":"TIMER","duration":"PT1M","targetStepId":"end"}]},{"id":"end","type":"END"}]}
            """);

        Assert.False(definition.Steps[0].BoundaryEvents![0].Interrupting); // Rochallor's default
    }

    [Fact]
    public void Weft_step_fields_are_parsed()
    {
        var steps = DefinitionParser.Parse(Full).Steps;

        Assert.Equal("PT5M", steps[1].Duration);
        Assert.Equal("2026-12-01T09:00:00Z", steps[1].Until);
        Assert.Equal("child-flow", steps[2].WorkflowId);
        Assert.Equal(4, steps[2].WorkflowVersion);
        Assert.Equal(["a", "b"], steps[2].InputMapping!.Keys);
        Assert.Equal("${x}", steps[2].InputMapping!["a"]);
        Assert.Equal("${z}", steps[2].OutputMapping!["c"]);
        Assert.Equal("scripts/run.csx", steps[3].Script);
        Assert.Equal("ann", steps[4].Assignee);
        Assert.Equal("managers", steps[4].CandidateGroup);
    }

    [Fact]
    public void Job_type_defaults_to_the_step_id()
    {
        Assert.Equal("wait", DefinitionParser.Parse(Full).Steps[1].EffectiveJobType);
    }

    [Fact]
    public void Every_field_round_trips_through_serialization()
    {
        var serialized = JsonSerializer.Serialize(DefinitionParser.Parse(Full), DefinitionJson.Options);

        var original = JsonNode.Parse(Full);
        var written = JsonNode.Parse(serialized);
        Assert.True(JsonNode.DeepEquals(original, written), $"Serialized differently:\n{serialized}");
        Assert.Equal(serialized, JsonSerializer.Serialize(DefinitionParser.Parse(serialized), DefinitionJson.Options));
    }

    [Fact]
    public void Serialization_keeps_the_order_of_conditional_next_steps_and_transformations()
    {
        var written = JsonNode.Parse(JsonSerializer.Serialize(DefinitionParser.Parse(Full), DefinitionJson.Options))!;
        var step = written["steps"]![0]!;

        Assert.Equal(["z > 1", "a < 0", "true"], step["conditionalNextSteps"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["total", "currency", "count", "flag", "tags", "nested"], step["transformations"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Sub_workflow_version_is_written_as_version()
    {
        var written = JsonNode.Parse(JsonSerializer.Serialize(DefinitionParser.Parse(Full), DefinitionJson.Options))!;

        Assert.Equal(4, (int?)written["steps"]![2]!["version"]);
        Assert.Null(written["steps"]![2]!["workflowVersion"]);
    }

    [Fact]
    public void Absent_optional_fields_are_not_written()
    {
        var definition = DefinitionParser.Parse("""{"id":"f","steps":[{"id":"a","type":"SERVICE_TASK","nextStep":"end"},{"id":"end","type":"END"}]}""");

        var step = JsonNode.Parse(JsonSerializer.Serialize(definition, DefinitionJson.Options))!["steps"]![0]!.AsObject();

        Assert.Equal(["id", "type", "nextStep"], step.Select(p => p.Key));
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        var definition = DefinitionParser.Parse("""
            {
              // the entry
              "id": "f",
              "steps": [{"id":"end","type":"END",},],
            }
            """);

        Assert.Equal("end", Assert.Single(definition.Steps).Id);
    }

    [Fact]
    public void Field_names_are_camel_case()
    {
        var written = JsonSerializer.Serialize(DefinitionParser.Parse(Full), DefinitionJson.Options);

        Assert.Contains("\"nextStep\"", written, StringComparison.Ordinal);
        Assert.Contains("\"retryBackoff\"", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\"NextStep\"", written, StringComparison.Ordinal);
    }
}
