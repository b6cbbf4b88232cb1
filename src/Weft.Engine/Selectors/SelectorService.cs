using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;

namespace Weft.Engine.Selectors;

/// <summary>
/// Resolves selectors against the store with bounded reads, and runs a bulk command's change once per matched
/// instance (or step): each its own change, so each is atomic and one refusal does not stop the others.
/// </summary>
public sealed class SelectorService
{
    /// <summary>The most instances one bulk command touches.</summary>
    public const int MaxInstances = 1000;

    private readonly IWeftStore _store;
    private readonly DefinitionService _definitions;

    internal SelectorService(IWeftStore store, DefinitionService definitions)
    {
        _store = store;
        _definitions = definitions;
    }

    /// <summary>The instances and steps <paramref name="selector"/> names; more than <see cref="MaxInstances"/> instances is refused.</summary>
    public async Task<Selection> ResolveAsync(Selector selector, CancellationToken cancellationToken = default)
    {
        var instances = await _store.FindInstancesAsync(selector.Instance, MaxInstances + 1, cancellationToken);
        if (instances.Count > MaxInstances)
        {
            throw WeftException.Invalid(
                $"The selector '{selector.Text}' matches more than {MaxInstances:N0} instances; a command touches at most {MaxInstances:N0}. Narrow it (a longer prefix, a business key, a status).");
        }

        if (instances.Count == 0)
        {
            var what = selector.Instance.IsGlob
                ? $"no instance id or business key matches '{selector.Instance.Text}'"
                : $"no instance has the id{(selector.Instance.Text.Length >= InstancePattern.MinPrefixLength ? ", id prefix" : "")} or business key '{selector.Instance.Text}'";
            return new Selection([], [new Unmatched(selector.Text, null, null, what)]);
        }

        var matched = new List<SelectedInstance>();
        var unmatched = new List<Unmatched>();
        foreach (var instance in instances)
        {
            var steps = await StepsInStateAsync(instance, selector, cancellationToken);
            if (steps.Count > 0)
            {
                matched.Add(new SelectedInstance(instance, steps));
            }
            else
            {
                var state = selector.State is { } s ? $" that is {s.ToString().ToLowerInvariant()}" : "";
                var at = instance.CurrentStepIds.Count == 0 ? "" : $"; it is at {string.Join(", ", instance.CurrentStepIds.Select(c => $"'{c}'"))}";
                unmatched.Add(new Unmatched(selector.Text, instance.Id, null,
                    $"instance '{instance.Id}' ({Upper(instance.Status)}) has no step '{selector.Step}'{state}{at}"));
            }
        }

        return new Selection(matched, unmatched);
    }

    /// <summary>One instance by its exact id, with its current steps.</summary>
    public async Task<Selection> ResolveIdAsync(string instanceId, CancellationToken cancellationToken = default) =>
        await _store.GetInstanceAsync(instanceId, cancellationToken) is { } instance
            ? new Selection([new SelectedInstance(instance, instance.CurrentStepIds)], [])
            : new Selection([], [new Unmatched(null, instanceId, null, $"instance '{instanceId}' does not exist")]);

    /// <summary>Runs <paramref name="change"/> once per matched instance; a refusal becomes an unmatched entry with its reason.</summary>
    public static async Task<BulkResult> ForEachInstanceAsync(Selection selection, Func<SelectedInstance, Task<string>> change)
    {
        var runs = selection.Matched.Select(async m => (m.Instance.Id, (string?)null, await Try(() => change(m)))).ToList();
        return Collect(selection, await Task.WhenAll(runs));
    }

    /// <summary>Runs <paramref name="change"/> once per matched step of each matched instance.</summary>
    public static async Task<BulkResult> ForEachStepAsync(Selection selection, Func<SelectedInstance, string, Task<string>> change)
    {
        var runs = selection.Matched.SelectMany(m => m.StepIds.Select(async step => (m.Instance.Id, (string?)step, await Try(() => change(m, step))))).ToList();
        return Collect(selection, await Task.WhenAll(runs));
    }

    private static async Task<(string? Result, string? Refusal)> Try(Func<Task<string>> change)
    {
        try
        {
            return (await change(), null);
        }
        catch (WeftException ex)
        {
            return (null, ex.Message);
        }
    }

    private static BulkResult Collect(Selection selection, IEnumerable<(string InstanceId, string? StepId, (string? Result, string? Refusal) Outcome)> outcomes)
    {
        var matched = new List<BulkItem>();
        var unmatched = new List<Unmatched>(selection.Unmatched);
        foreach (var (instanceId, stepId, (result, refusal)) in outcomes)
        {
            if (result is not null)
            {
                matched.Add(new BulkItem(instanceId, stepId, result));
            }
            else
            {
                unmatched.Add(new Unmatched(null, instanceId, stepId, refusal!));
            }
        }

        return new BulkResult(matched, unmatched);
    }

    private async Task<IReadOnlyList<string>> StepsInStateAsync(WorkflowInstance instance, Selector selector, CancellationToken cancellationToken)
    {
        var open = instance.IsFinished && instance.Status != InstanceStatus.Failed ? [] : await _store.ListOpenJobsAsync(instance.Id, cancellationToken);
        var held = await _store.ListHeldStepsAsync(instance.Id, cancellationToken);
        var running = open.Where(j => j.Status == JobStatus.Locked).Select(j => j.StepId).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> candidates;
        switch (selector.State)
        {
            case StepState.Running:
                candidates = running;
                break;
            case StepState.Held:
                candidates = held;
                break;
            case StepState.Waiting:
                candidates = instance.Status is InstanceStatus.Active or InstanceStatus.Waiting or InstanceStatus.Suspended
                    ? instance.CurrentStepIds.Where(s => !running.Contains(s) && !held.Contains(s))
                    : [];
                break;
            case StepState.Failed when instance.Status != InstanceStatus.Failed:
                candidates = [];
                break;
            case StepState.Failed or StepState.Completed:
                var wanted = selector.State == StepState.Failed ? StepExecutionStatus.Failed : StepExecutionStatus.Completed;
                candidates = (await _store.GetHistoryAsync(instance.Id, cancellationToken))
                    .GroupBy(e => e.StepId, StringComparer.Ordinal)
                    .Where(g => selector.State == StepState.Failed ? g.Last().Status == wanted : g.Any(e => e.Status == wanted))
                    .Select(g => g.Key);
                break;
            default:
                candidates = instance.CurrentStepIds.Concat(held);
                if (!Glob.HasWildcards(selector.Step))
                {
                    // A step named exactly may be one the instance has not reached (holding it ahead of time).
                    var definition = await _definitions.GetAsync(instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
                    candidates = candidates.Concat(definition.Steps.Select(s => s.Id));
                }

                break;
        }

        return candidates.Where(selector.MatchesStep).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Upper(InstanceStatus status) => status.ToString().ToUpperInvariant();
}
