using Weft.Engine.Catalog;

namespace Weft.Engine.Definitions;

/// <summary>
/// What an upload is told but not refused for: each required input of a catalogued task that no step of the
/// definition sets, so that it must come with the instance's start variables. A variable counts as set when some other
/// step can set it: an output of a catalogued SERVICE_TASK step, a TRANSFORMATION key, a SUB_WORKFLOW outputMapping key.
/// </summary>
public static class DefinitionWarnings
{
    /// <summary>A definition with more warnings than this gets the first ones and a count of the others.</summary>
    public const int MaxWarnings = 100;

    /// <param name="catalog">The catalogued tasks named by the definition's SERVICE_TASK job types (others are ignored).</param>
    public static IReadOnlyList<string> For(WorkflowDefinition definition, IReadOnlyList<CatalogEntry> catalog)
    {
        var tasks = catalog.ToLookup(e => e.Task.Name, StringComparer.Ordinal);
        var setBy = definition.Steps.ToDictionary(s => s.Id, s => VariablesSetBy(s, tasks), StringComparer.Ordinal); // ids are unique once valid
        var setters = setBy.Values.SelectMany(names => names).CountBy(name => name, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);

        var warnings = new List<string>();
        foreach (var step in definition.Steps.Where(s => s.Type == StepTypes.ServiceTask))
        {
            foreach (var entry in tasks[step.EffectiveJobType].OrderBy(e => e.Namespace, StringComparer.Ordinal))
            {
                foreach (var input in entry.Task.Inputs.Where(i => i.Required == true))
                {
                    var setElsewhere = setters.GetValueOrDefault(input.Name) - (setBy[step.Id].Contains(input.Name) ? 1 : 0);
                    if (setElsewhere == 0)
                    {
                        warnings.Add(
                            $"Step '{step.Id}' runs task '{entry.Task.Name}' (catalog '{entry.Namespace}'), which needs the input '{input.Name}'; no step of this definition sets it, so it must come with the instance's start variables.");
                    }
                }
            }
        }

        return warnings.Count <= MaxWarnings
            ? warnings
            : [.. warnings.Take(MaxWarnings), $"… and {warnings.Count - MaxWarnings:N0} more warnings like these."];
    }

    /// <summary>The names of the variables <paramref name="step"/> can set, each once.</summary>
    private static HashSet<string> VariablesSetBy(StepDefinition step, ILookup<string, CatalogEntry> tasks)
    {
        IEnumerable<string> names = step.Type switch
        {
            StepTypes.ServiceTask => tasks[step.EffectiveJobType].SelectMany(e => e.Task.Outputs.Select(o => o.Name)),
            StepTypes.Transformation => step.Transformations?.Keys ?? Enumerable.Empty<string>(),
            StepTypes.SubWorkflow => step.OutputMapping?.Keys ?? Enumerable.Empty<string>(),
            _ => [],
        };
        return names.ToHashSet(StringComparer.Ordinal);
    }
}
