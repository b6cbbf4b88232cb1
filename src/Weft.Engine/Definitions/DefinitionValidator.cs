using System.Globalization;
using System.Text.RegularExpressions;
using Weft.Engine.Jobs;

namespace Weft.Engine.Definitions;

/// <summary>
/// Checks a definition before it is stored and reports every problem at once, each naming the step and field,
/// so that an author can fix them all in one round.
/// </summary>
public static partial class DefinitionValidator
{
    public const int MaxIdLength = 256;

    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

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

        if (definition.Steps.Count == 0)
        {
            problems.Add("steps is empty: a definition needs at least one step, and the first one is where instances start.");
            return problems;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            if (string.IsNullOrEmpty(step.Id))
            {
                problems.Add($"steps[{i}] has no id: give every step a unique id.");
            }
            else if (!ids.Add(step.Id))
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
            CheckStep(step, ids, problems);
        }

        CheckReachability(definition, ids, problems);
        CheckJoins(definition, problems);
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

    private static void CheckStep(StepDefinition step, HashSet<string> ids, List<string> problems)
    {
        var at = $"Step '{Quote(step.Id)}'";
        if (string.IsNullOrEmpty(step.Type))
        {
            problems.Add($"{at} has no type. Use one of: {string.Join(", ", StepTypes.Known.Order(StringComparer.Ordinal))}.");
        }
        else if (!StepTypes.Known.Contains(step.Type))
        {
            problems.Add($"{at} has unknown type '{Quote(step.Type)}'. Use one of: {string.Join(", ", StepTypes.Known.Order(StringComparer.Ordinal))}.");
        }
        else if (!StepTypes.Executable.Contains(step.Type))
        {
            problems.Add($"{at} has type {step.Type}, which this version of Weft cannot run yet. Steps may use: {string.Join(", ", StepTypes.Executable.Order(StringComparer.Ordinal))}.");
        }

        foreach (var (field, target) in Targets(step))
        {
            if (!ids.Contains(target))
            {
                problems.Add($"{at}: {Quote(field)} points to '{Quote(target)}', which is not a step of this definition.");
            }
        }

        if (step.Type == StepTypes.End)
        {
            if (step.NextStep is not null || step.ParallelNextSteps is { Count: > 0 } || step.ConditionalNextSteps is { Count: > 0 })
            {
                problems.Add($"{at} is an END step but has a next step: END ends the instance, so remove nextStep.");
            }
        }
        else if (step.Type == StepTypes.ServiceTask && step.NextStep is null)
        {
            problems.Add($"{at} ({step.Type}) has no next step: set nextStep (or make the step type END).");
        }
        else if (StepTypes.Known.Contains(step.Type) && !HasWayOut(step))
        {
            problems.Add($"{at} ({step.Type}) has no next step: set nextStep (or make the step type END).");
        }

        if (step.RetryCount is < 0)
        {
            problems.Add($"{at}: retryCount is {step.RetryCount}; it must be 0 or more.");
        }

        if (step.JobType is { Length: > 0 } jobType && JobTypeRule.Check(jobType) is { } jobTypeProblem)
        {
            problems.Add($"{at}: jobType {jobTypeProblem}.");
        }

        if (CheckDuration(step.Timeout, $"{at}: timeout", problems) is { } timeout && timeout < MinTimeout)
        {
            problems.Add($"{at}: timeout '{Quote(step.Timeout)}' is shorter than PT1S; a worker needs at least a second to answer. Leave it out to use the server's lease.");
        }

        if (step.RetryBackoff is { } backoff)
        {
            var initial = CheckDuration(backoff.Initial, $"{at}: retryBackoff.initial", problems);
            var max = CheckDuration(backoff.Max, $"{at}: retryBackoff.max", problems);
            if (initial > max)
            {
                problems.Add($"{at}: retryBackoff.initial '{Quote(backoff.Initial)}' is longer than retryBackoff.max '{Quote(backoff.Max)}'; the first retry would already wait the maximum.");
            }

            if (backoff.Factor is < 1)
            {
                problems.Add($"{at}: retryBackoff.factor is {backoff.Factor}; it must be 1 or more.");
            }

            if (backoff.Jitter is < 0 or > 1)
            {
                problems.Add($"{at}: retryBackoff.jitter is {backoff.Jitter}; it must be between 0 and 1.");
            }
        }

        foreach (var boundary in step.BoundaryEvents ?? [])
        {
            if (boundary.Type != "TIMER")
            {
                problems.Add($"{at}: boundary event type '{Quote(boundary.Type)}' is unknown; use TIMER.");
            }

            if (boundary.Duration is null)
            {
                problems.Add($"{at}: a TIMER boundary event needs a duration such as PT30M.");
            }

            CheckDuration(boundary.Duration, $"{at}: boundary event duration", problems);
        }

        CheckTypeSpecificFields(step, at, problems);
    }

    private static void CheckTypeSpecificFields(StepDefinition step, string at, List<string> problems)
    {
        switch (step.Type)
        {
            case StepTypes.Timer:
                if ((step.Duration is null) == (step.Until is null))
                {
                    problems.Add($"{at} is a TIMER: set exactly one of duration (e.g. PT5M) or until (an ISO-8601 instant).");
                }

                CheckDuration(step.Duration, $"{at}: duration", problems);
                if (step.Until is not null && !DateTimeOffset.TryParse(step.Until, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                {
                    problems.Add($"{at}: until '{Quote(step.Until)}' is not an ISO-8601 instant such as 2026-12-01T09:00:00Z.");
                }

                break;
            case StepTypes.ParallelGateway:
                if (step.ParallelNextSteps is not { Count: > 0 })
                {
                    problems.Add($"{at} is a PARALLEL_GATEWAY without parallelNextSteps: list the first step of each branch.");
                }

                if (step.JoinStep is null)
                {
                    problems.Add($"{at} is a PARALLEL_GATEWAY without joinStep: name the JOIN_GATEWAY where its branches meet.");
                }

                break;
            case StepTypes.SubWorkflow when string.IsNullOrEmpty(step.WorkflowId):
                problems.Add($"{at} is a SUB_WORKFLOW without workflowId: name the definition to run.");
                break;
            case StepTypes.ScriptTask when string.IsNullOrEmpty(step.Script):
                problems.Add($"{at} is a SCRIPT_TASK without script: name the script to run.");
                break;
            default:
                break;
        }
    }

    /// <summary>The duration, or null when it is absent or has a problem (which is added).</summary>
    private static TimeSpan? CheckDuration(string? text, string field, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (IsoDuration.Check(text, out var duration) is { } problem)
        {
            problems.Add($"{field} '{Quote(text)}' {problem}.");
            return null;
        }

        return duration;
    }

    /// <summary>A value as it may be shown in a message: at most 64 characters.</summary>
    private static string Quote(string? text) => text is null ? "null" : text.Length <= 64 ? text : $"{text[..61]}...";

    private static bool HasWayOut(StepDefinition step) =>
        step.NextStep is not null
        || step.ConditionalNextSteps is { Count: > 0 }
        || step.ParallelNextSteps is { Count: > 0 };

    private static IEnumerable<(string Field, string Target)> Targets(StepDefinition step)
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

    private static void CheckReachability(WorkflowDefinition definition, HashSet<string> ids, List<string> problems)
    {
        var byId = new Dictionary<string, StepDefinition>(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            byId.TryAdd(step.Id, step);
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(definition.Steps[0].Id);
        while (pending.TryPop(out var id))
        {
            if (!reached.Add(id) || !byId.TryGetValue(id, out var step))
            {
                continue;
            }

            foreach (var (_, target) in Targets(step))
            {
                if (ids.Contains(target))
                {
                    pending.Push(target);
                }
            }
        }

        foreach (var step in definition.Steps)
        {
            if (!string.IsNullOrEmpty(step.Id) && !reached.Contains(step.Id))
            {
                problems.Add($"Step '{Quote(step.Id)}' cannot be reached from the first step '{Quote(definition.Steps[0].Id)}': link to it or remove it.");
            }
        }

        if (!definition.Steps.Any(s => s.Type == StepTypes.End && reached.Contains(s.Id)))
        {
            problems.Add($"No END step can be reached from the first step '{definition.Steps[0].Id}': instances could never complete. Add a step of type END.");
        }
    }

    private static void CheckJoins(WorkflowDefinition definition, List<string> problems)
    {
        var joined = definition.Steps
            .Where(s => s.Type == StepTypes.ParallelGateway && s.JoinStep is not null)
            .Select(s => s.JoinStep!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            if (step.Type == StepTypes.JoinGateway && !joined.Contains(step.Id))
            {
                problems.Add($"Step '{Quote(step.Id)}' is a JOIN_GATEWAY that no PARALLEL_GATEWAY names as its joinStep.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_:\\-]+$")]
    private static partial Regex IdPattern();
}
