using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Weft.Engine.Jobs;
using Weft.Engine.Steps;
using static Weft.Engine.Definitions.DefinitionChecks;

namespace Weft.Engine.Catalog;

/// <summary>
/// What a catalog namespace and a published list of tasks may be. Every problem is reported at once (up to
/// <see cref="MaxProblemsListed"/>), each naming its place, e.g. <c>tasks[2].inputs[0].type</c>.
/// </summary>
public static partial class CatalogRules
{
    public const int MaxNamespaceLength = 128;

    public const int MaxTasks = 1000;

    public const int MaxParameters = 256;

    public const int MaxParameterNameLength = 256;

    public const int MaxDescriptionLength = FreeText.MaxLength;

    public const int MaxVersionLength = 64;

    /// <summary>A document with more problems than this lists the first ones and says how many more there are.</summary>
    public const int MaxProblemsListed = 100;

    /// <summary>Throws a 400 <see cref="WeftException"/> unless <paramref name="namespace"/> is a valid namespace.</summary>
    public static void CheckNamespace(string? @namespace)
    {
        if (string.IsNullOrEmpty(@namespace) || @namespace.Length > MaxNamespaceLength || !NamespacePattern().IsMatch(@namespace))
        {
            throw WeftException.Invalid(
                $"The namespace '{Quote(@namespace)}' is not valid: a namespace is 1 to {MaxNamespaceLength} characters of A-Z, a-z, 0-9, '.', '_' and '-', e.g. \"billing\" or \"samples.v2\".");
        }
    }

    /// <summary>
    /// The tasks as the catalog keeps them (each input's <see cref="TaskInput.Required"/> decided), or a 400
    /// <see cref="WeftException"/> listing every problem.
    /// </summary>
    public static IReadOnlyList<CatalogTask> Check(string @namespace, IReadOnlyList<CatalogTask?>? tasks)
    {
        CheckNamespace(@namespace);
        if (tasks is null)
        {
            throw WeftException.Invalid("tasks is missing: send {\"tasks\": [...]} (an empty list with ?replace=true empties the namespace).");
        }

        if (tasks.Count > MaxTasks)
        {
            throw WeftException.Invalid($"tasks lists {tasks.Count:N0} tasks; one request may publish at most {MaxTasks:N0}. Split them over several namespaces or requests.");
        }

        var problems = new List<string>();
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            var at = $"tasks[{i}]";
            if (tasks[i] is not { } task)
            {
                problems.Add($"{at} is null; each task is an object with a name, inputs and outputs.");
                continue;
            }

            if (JobTypeRule.Check(task.Name) is { } nameProblem)
            {
                problems.Add($"{at}.name {nameProblem}.");
            }
            else if (!first.TryAdd(task.Name, i))
            {
                problems.Add($"{at}.name '{Quote(task.Name)}' is also the name of tasks[{first[task.Name]}]; task names must be unique.");
            }

            CheckLength(task.Description, MaxDescriptionLength, $"{at}.description", problems);
            CheckLength(task.Version, MaxVersionLength, $"{at}.version", problems);
            ServiceTaskStep.CheckTimeout(task.Timeout, $"{at}.timeout", problems);
            CheckInputs(task.Inputs, $"{at}.inputs", problems);
            CheckOutputs(task.Outputs, $"{at}.outputs", problems);
        }

        if (problems.Count > 0)
        {
            throw Refusal(@namespace, problems);
        }

        return tasks.Select(t => t! with { Inputs = [.. (t.Inputs ?? []).Select(Decided)], Outputs = t.Outputs ?? [] }).ToList();
    }

    private static TaskInput Decided(TaskInput input) => input with { Required = input.Required ?? !input.HasDefault };

    private static void CheckInputs(IReadOnlyList<TaskInput?>? inputs, string at, List<string> problems)
    {
        if (CheckCount(inputs, at, problems) is not { } list)
        {
            return;
        }

        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } input)
            {
                problems.Add($"{at}[{i}] is null; each input is an object with a name and a type.");
                continue;
            }

            CheckParameter(input.Name, input.Type, input.Description, at, i, first, problems);
            if (input.AllowedValues is not (null or JsonArray))
            {
                problems.Add($"{at}[{i}].allowedValues must be a list of the values the input may take, e.g. [\"cm\", \"in\"].");
            }
        }
    }

    private static void CheckOutputs(IReadOnlyList<TaskOutput?>? outputs, string at, List<string> problems)
    {
        if (CheckCount(outputs, at, problems) is not { } list)
        {
            return;
        }

        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } output)
            {
                problems.Add($"{at}[{i}] is null; each output is an object with a name and a type.");
                continue;
            }

            CheckParameter(output.Name, output.Type, output.Description, at, i, first, problems);
        }
    }

    private static IReadOnlyList<T>? CheckCount<T>(IReadOnlyList<T>? parameters, string at, List<string> problems)
    {
        if (parameters is { Count: > MaxParameters })
        {
            problems.Add($"{at} lists {parameters.Count:N0} parameters; a task may have at most {MaxParameters}.");
            return null;
        }

        return parameters;
    }

    /// <param name="list">Where the parameter's list is, e.g. <c>tasks[0].inputs</c>.</param>
    /// <param name="first">The index of the first parameter of each name in the list so far.</param>
    private static void CheckParameter(
        string? name, string? type, string? description, string list, int index, Dictionary<string, int> first, List<string> problems)
    {
        var at = $"{list}[{index}]";
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add($"{at}.name is blank; name the variable, e.g. \"amount\".");
        }
        else if (name.Length > MaxParameterNameLength)
        {
            problems.Add($"{at}.name is {name.Length:N0} characters long; the limit is {MaxParameterNameLength}.");
        }
        else if (name.Any(char.IsControl))
        {
            problems.Add($"{at}.name contains a control character (such as a tab, a line break or NUL); use visible characters only.");
        }
        else if (!first.TryAdd(name, index))
        {
            problems.Add($"{at}.name '{Quote(name)}' is also the name of {list}[{first[name]}]; each name may appear once in {list}.");
        }

        if (string.IsNullOrEmpty(type))
        {
            problems.Add($"{at}.type is missing; use one of {string.Join(", ", ParameterTypes.All)}.");
        }
        else if (!ParameterTypes.All.Contains(type, StringComparer.Ordinal))
        {
            problems.Add($"{at}.type '{Quote(type)}' is unknown; use one of {string.Join(", ", ParameterTypes.All)}.");
        }

        CheckLength(description, MaxDescriptionLength, $"{at}.description", problems);
    }

    private static void CheckLength(string? text, int limit, string at, List<string> problems)
    {
        if (text is { Length: var length } && length > limit)
        {
            problems.Add($"{at} is {length:N0} characters long; the limit is {limit:N0}.");
        }
    }

    private static WeftException Refusal(string @namespace, List<string> problems)
    {
        var listed = problems.Count > MaxProblemsListed
            ? [.. problems.Take(MaxProblemsListed), $"… and {problems.Count - MaxProblemsListed:N0} more problems."]
            : problems;
        var summary = problems.Count == 1
            ? $"The tasks for catalog '{@namespace}' have a problem: {problems[0]}"
            : $"The tasks for catalog '{@namespace}' have {problems.Count:N0} problems: {string.Join(" ", listed.Take(10).Select((p, i) => $"({i + 1}) {p}"))}{(problems.Count > 10 ? " …" : "")}";
        return WeftException.Invalid(summary, listed);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamespacePattern();
}
