using System.Text.RegularExpressions;
using Weft.Engine.Steps;
using static Weft.Engine.Definitions.DefinitionChecks;

namespace Weft.Engine.Definitions;

/// <summary>
/// Checks a definition before it is stored and reports every problem at once, each naming the step and field,
/// so that an author can fix them all in one round. Each step type checks its own fields (see
/// <see cref="IStepBehavior.Validate"/>); this class checks what holds across steps.
/// </summary>
public static partial class DefinitionValidator
{
    public const int MaxIdLength = 256;

    public static void ThrowIfInvalid(WorkflowDefinition definition)
    {
        var problems = Validate(definition);
        if (problems.Count > 0)
        {
            var name = string.IsNullOrEmpty(definition.Id) ? "The definition" : $"The definition '{Quote(definition.Id)}'";
            var summary = problems.Count == 1
                ? $"{name} has a problem: {problems[0]}"
                : $"{name} has {problems.Count} problems: {string.Join(" ", problems.Select((p, i) => $"({i + 1}) {p}"))}";
            throw WeftException.Invalid(summary, problems);
        }
    }

    public static IReadOnlyList<string> Validate(WorkflowDefinition definition)
    {
        var problems = new List<string>();
        CheckId(definition.Id, "id", problems);
        if (definition.AutoStartNextWorkflow && string.IsNullOrEmpty(definition.NextWorkflowId))
        {
            problems.Add("autoStartNextWorkflow is true but nextWorkflowId is missing: name the definition to start next.");
        }

        if (!string.IsNullOrEmpty(definition.NextWorkflowId))
        {
            CheckId(definition.NextWorkflowId, "nextWorkflowId", problems);
        }

        if (definition.Steps.Count == 0)
        {
            problems.Add("steps is empty: a definition needs at least one step, and the first one is where instances start.");
            return problems;
        }

        var byId = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            if (string.IsNullOrEmpty(step.Id))
            {
                problems.Add($"steps[{i}] has no id: give every step a unique id.");
            }
            else if (!byId.TryAdd(step.Id, step))
            {
                problems.Add($"Step id '{Quote(step.Id)}' is used more than once: step ids must be unique.");
            }
            else
            {
                CheckId(step.Id, $"steps[{i}].id", problems);
            }
        }

        foreach (var step in definition.Steps)
        {
            CheckStep(step, byId, problems);
        }

        CheckReachability(definition, byId, problems);
        CheckGateways(definition, byId, problems);
        return problems;
    }

    private static void CheckId(string id, string field, List<string> problems)
    {
        if (string.IsNullOrEmpty(id))
        {
            problems.Add($"{field} is missing.");
        }
        else if (id.Length > MaxIdLength)
        {
            problems.Add($"{field} is {id.Length} characters long; the limit is {MaxIdLength}.");
        }
        else if (!IdPattern().IsMatch(id))
        {
            problems.Add($"{field} '{id}' may contain only letters, digits, '_', ':' and '-'.");
        }
    }

    private static void CheckStep(StepDefinition step, Dictionary<string, StepDefinition> byId, List<string> problems)
    {
        var at = $"Step '{Quote(step.Id)}'";
        var behavior = StepRegistry.Find(step.Type);
        var known = string.Join(", ", StepRegistry.Types.Order(StringComparer.Ordinal));
        if (string.IsNullOrEmpty(step.Type))
        {
            problems.Add($"{at} has no type. Use one of: {known}.");
        }
        else if (behavior is null)
        {
            problems.Add($"{at} has unknown type '{Quote(step.Type)}'. Use one of: {known}.");
        }
        else if (!behavior.IsExecutable)
        {
            problems.Add($"{at} has type {step.Type}, which this version of Weft cannot run yet. Steps may use: {string.Join(", ", StepRegistry.ExecutableTypes.Order(StringComparer.Ordinal))}.");
        }

        foreach (var (field, target) in Targets(step))
        {
            if (!byId.ContainsKey(target ?? ""))
            {
                problems.Add($"{at}: {Quote(field)} points to '{Quote(target)}', which is not a step of this definition.");
            }
        }

        if (behavior is { NeedsNextStep: true } && step.NextStep is null)
        {
            problems.Add($"{at} ({step.Type}) has no next step: set nextStep (or make the step type END).");
        }

        if (step.RetryCount is < 0)
        {
            problems.Add($"{at}: retryCount is {step.RetryCount}; it must be 0 or more.");
        }

        CheckBoundaryEvents(step, behavior, at, problems);
        behavior?.Validate(step, at, problems);
    }

    private static void CheckBoundaryEvents(StepDefinition step, IStepBehavior? behavior, string at, List<string> problems)
    {
        if (step.BoundaryEvents is not { Count: > 0 } events)
        {
            return;
        }

        if (behavior is { TakesBoundaryEvents: false })
        {
            problems.Add($"{at}: boundary events attach only to steps that wait (SERVICE_TASK, USER_TASK, WAIT, SUB_WORKFLOW), not to {step.Type}.");
        }

        for (var i = 0; i < events.Count; i++)
        {
            var boundary = events[i];
            var field = $"{at}: boundaryEvents[{i}]";
            if (boundary.Type != "TIMER")
            {
                problems.Add($"{field} has type '{Quote(boundary.Type)}'; the only boundary event type is TIMER.");
            }

            if (boundary.Duration is null)
            {
                problems.Add($"{field} needs a duration such as PT30M.");
            }

            if (boundary.TargetStepId is null)
            {
                problems.Add($"{field} needs a targetStepId: the step to go to when the timer fires.");
            }

            Duration(boundary.Duration, $"{field}.duration", problems);
        }
    }

    /// <summary>Every step id a step can lead to, with the field that names it.</summary>
    private static IEnumerable<(string Field, string? Target)> Targets(StepDefinition step)
    {
        if (step.NextStep is not null)
        {
            yield return ("nextStep", step.NextStep);
        }

        foreach (var (expression, target) in step.ConditionalNextSteps ?? [])
        {
            yield return ($"conditionalNextSteps['{expression}']", target);
        }

        foreach (var target in step.ParallelNextSteps ?? [])
        {
            yield return ("parallelNextSteps", target);
        }

        if (step.JoinStep is not null)
        {
            yield return ("joinStep", step.JoinStep);
        }

        foreach (var boundary in step.BoundaryEvents ?? [])
        {
            if (boundary.TargetStepId is not null)
            {
                yield return ("boundaryEvents.targetStepId", boundary.TargetStepId);
            }
        }
    }

    private static void CheckReachability(WorkflowDefinition definition, Dictionary<string, StepDefinition> byId, List<string> problems)
    {
        var first = definition.Steps[0].Id;
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(first);
        while (pending.TryPop(out var id))
        {
            if (!reached.Add(id) || !byId.TryGetValue(id, out var step))
            {
                continue;
            }

            foreach (var (_, target) in Targets(step))
            {
                if (target is not null && byId.ContainsKey(target))
                {
                    pending.Push(target);
                }
            }
        }

        foreach (var step in definition.Steps)
        {
            if (!string.IsNullOrEmpty(step.Id) && !reached.Contains(step.Id))
            {
                problems.Add($"Step '{Quote(step.Id)}' cannot be reached from the first step '{Quote(first)}': link to it or remove it.");
            }
        }

        if (!definition.Steps.Any(s => s.Type == StepTypes.End && reached.Contains(s.Id)))
        {
            problems.Add($"No END step can be reached from the first step '{Quote(first)}': instances could never complete. Add a step of type END.");
        }
    }

    /// <summary>
    /// Each JOIN_GATEWAY belongs to one PARALLEL_GATEWAY, and the paths of a gateway's branches meet only at its own
    /// join (or end the instance at an END): a path that walks into another gateway's join could never be counted.
    /// </summary>
    private static void CheckGateways(WorkflowDefinition definition, Dictionary<string, StepDefinition> byId, List<string> problems)
    {
        var gatewayOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var gateway in definition.Steps.Where(s => s.Type == StepTypes.ParallelGateway && s.JoinStep is not null))
        {
            if (!byId.TryGetValue(gateway.JoinStep!, out var join))
            {
                continue; // reported as a dangling reference
            }

            if (join.Type != StepTypes.JoinGateway)
            {
                problems.Add($"Step '{Quote(gateway.Id)}': joinStep '{Quote(join.Id)}' has type {join.Type}; the branches of a PARALLEL_GATEWAY meet at a JOIN_GATEWAY.");
            }
            else if (!gatewayOf.TryAdd(join.Id, gateway.Id))
            {
                problems.Add($"Step '{Quote(join.Id)}' is the joinStep of both '{Quote(gatewayOf[join.Id])}' and '{Quote(gateway.Id)}'; give each PARALLEL_GATEWAY a JOIN_GATEWAY of its own.");
            }
        }

        foreach (var step in definition.Steps.Where(s => s.Type == StepTypes.JoinGateway && !gatewayOf.ContainsKey(s.Id)))
        {
            problems.Add($"Step '{Quote(step.Id)}' is a JOIN_GATEWAY that no PARALLEL_GATEWAY names as its joinStep.");
        }

        CheckRegion([definition.Steps[0].Id], expectedJoin: null, owner: null, byId, gatewayOf, problems);
        foreach (var (join, gateway) in gatewayOf)
        {
            CheckRegion(byId[gateway].ParallelNextSteps ?? [], join, gateway, byId, gatewayOf, problems);
        }
    }

    private static void CheckRegion(
        IEnumerable<string> starts, string? expectedJoin, string? owner, Dictionary<string, StepDefinition> byId,
        Dictionary<string, string> gatewayOf, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(starts);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var id))
        {
            if (id == expectedJoin || !seen.Add(id) || !byId.TryGetValue(id, out var step))
            {
                continue;
            }

            if (step.Type == StepTypes.JoinGateway && gatewayOf.TryGetValue(id, out var foreign) && reported.Add(id))
            {
                problems.Add(owner is null
                    ? $"Step '{Quote(id)}' (the join of '{Quote(foreign)}') can be reached without passing its PARALLEL_GATEWAY '{Quote(foreign)}'; only that gateway's branches may lead to it."
                    : $"A branch of '{Quote(owner)}' leads to '{Quote(id)}', the join of '{Quote(foreign)}', instead of its own join '{Quote(expectedJoin)}'.");
                continue;
            }

            if (step.Type == StepTypes.ParallelGateway && step.JoinStep is { } nestedJoin && byId.TryGetValue(nestedJoin, out var inner))
            {
                // A nested gateway is a block of its own: its branches are checked on their own; here the path goes on after its join.
                if (inner.NextStep is not null)
                {
                    pending.Push(inner.NextStep);
                }

                continue;
            }

            foreach (var (_, target) in Targets(step))
            {
                if (target is not null)
                {
                    pending.Push(target);
                }
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_:\\-]+$")]
    private static partial Regex IdPattern();
}
