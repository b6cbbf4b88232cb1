using Weft.Engine.Definitions;

namespace Weft.Engine.Tests.Definitions;

/// <summary>Small definitions that tests change one field at a time.</summary>
internal static class TestDefinitions
{
    public static StepDefinition Service(string id, string? next) => new() { Id = id, Type = StepTypes.ServiceTask, NextStep = next };

    public static StepDefinition End(string id = "end") => new() { Id = id, Type = StepTypes.End };

    public static WorkflowDefinition Flow(params StepDefinition[] steps) => new() { Id = "flow", Steps = steps };

    /// <summary>a (SERVICE_TASK) → end (END): valid.</summary>
    public static WorkflowDefinition Minimal() => Flow(Service("a", "end"), End());

    /// <summary>a (the given step, which must lead to 'end') → end.</summary>
    public static WorkflowDefinition With(StepDefinition first) => Flow(first, End());
}
