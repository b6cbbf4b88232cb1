using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>The behaviour of every step type, by type name: the one list the validator and the advancer read.</summary>
internal static class StepRegistry
{
    private static readonly Dictionary<string, IStepBehavior> ByType = new IStepBehavior[]
    {
        new ServiceTaskStep(), new UserTaskStep(), new DecisionStep(), new TransformationStep(), new WaitStep(),
        new TimerStep(), new ParallelGatewayStep(), new JoinGatewayStep(), new SubWorkflowStep(), new EndStep(),
        new ScriptTaskStep(),
    }.ToDictionary(b => b.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Types => ByType.Keys;

    public static IEnumerable<string> ExecutableTypes => ByType.Values.Where(b => b.IsExecutable).Select(b => b.Type);

    public static IStepBehavior? Find(string type) => ByType.GetValueOrDefault(type);

    public static IStepBehavior For(StepDefinition step) =>
        Find(step.Type) ?? throw new InvalidOperationException($"Step type {step.Type} passed validation but has no behaviour.");
}
