using System.Text.RegularExpressions;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Generators;

/// <summary>
/// Definitions: a valid one (a chain of SERVICE_TASKs, then END), and mutations of it, each named, that change
/// one thing: step types and fields, ids, numbers, durations, references, structure, unknown and duplicate fields.
/// </summary>
public static partial class DefinitionGenerator
{
    /// <param name="prefix">What step ids start with: <c>s</c> gives s1, s2 …</param>
    private delegate (string Label, string? MustFail) Mutation(FuzzRandom random, JsonFields document, string prefix);

    /// <summary>Step types that a SERVICE_TASK cannot become by its type alone: each needs fields of its own (or, SCRIPT_TASK, cannot run yet).</summary>
    private static readonly string[] NotRunnable =
        ["DECISION", "TRANSFORMATION", "TIMER", "PARALLEL_GATEWAY", "JOIN_GATEWAY", "SUB_WORKFLOW", "SCRIPT_TASK"];

    /// <summary>Step types that run with nothing but a nextStep: a person (USER_TASK) or a signal (WAIT) moves them on.</summary>
    private static readonly string[] RunnableAsIs = ["USER_TASK", "WAIT"];

    private static readonly Mutation[] Mutations =
    [
        StepType, StepType, RetryCount, RetryCount, Timeout, Timeout, Timeout, BackoffDuration, BackoffDuration, BackoffNumber,
        BoundaryEvent, DefinitionId, StepId, JobType, JobType, NextStep, EndWithNext, NoEnd, UnknownField, DuplicateKey,
        DuplicateStepIds, Steps, Metadata, Metadata, Text, WrongType, AutoStart, OtherWaysOut, LongChain, OtherTypesFields,
        ServerFields,
    ];

    /// <summary>SERVICE_TASK steps s1…sN (N = 1–4), then END.</summary>
    /// <param name="prefix">What step ids start with; a prefix of its own keeps a definition's default job types (the step ids) apart from others'.</param>
    public static GeneratedDefinition Valid(FuzzRandom random, string id, string prefix = "s")
    {
        var count = random.Between(1, 4);
        var steps = new List<object?>();
        for (var i = 1; i <= count; i++)
        {
            var step = new JsonFields { { "id", $"{prefix}{i}" }, { "type", "SERVICE_TASK" } };
            if (random.Chance(0.6))
            {
                step.Add("jobType", $"{id}-{prefix}{i}");
            }

            if (random.Chance(0.4))
            {
                step.Add("retryCount", random.Between(0, 3));
            }

            if (random.Chance(0.3))
            {
                step.Add("timeout", random.PickFrom(HostileDurations.Valid));
            }

            if (random.Chance(0.2))
            {
                step.Add("retryBackoff", new JsonFields { { "initial", "PT1S" }, { "factor", 2 }, { "max", "PT1M" }, { "jitter", 0.1 } });
            }

            step.Add("nextStep", i < count ? $"{prefix}{i + 1}" : "end");
            steps.Add(step);
        }

        steps.Add(new JsonFields { { "id", "end" }, { "type", "END" } });
        var document = new JsonFields { { "id", id } };
        if (random.Chance(0.5))
        {
            document.Add("name", $"Fuzz {id}");
        }

        if (random.Chance(0.2))
        {
            document.Add("metadata", new JsonFields { { "owner", "fuzz" } });
        }

        document.Add("steps", steps);
        return new GeneratedDefinition(id, document, "valid", null);
    }

    /// <summary>A valid definition with one mutation (sometimes two, sometimes none).</summary>
    public static GeneratedDefinition Mutated(FuzzRandom random, string id, string prefix = "s")
    {
        var definition = Valid(random, id, prefix);
        var rounds = random.Between(0, 19) switch
        {
            < 2 => 0,
            < 16 => 1,
            _ => 2,
        };
        if (random.Chance(0.03))
        {
            var text = random.Pick("[]", "null", "0", "\"x\"", "true", "[{\"id\":\"x\"}]");
            return definition with
            {
                Document = new RawJson(text),
                Label = $"the document is {text}",
                MustFail = "docs/definitions.md: a definition is an object with id and steps",
            };
        }

        var document = (JsonFields)definition.Document!;
        var labels = new List<string>();
        string? mustFail = null;
        for (var i = 0; i < rounds; i++)
        {
            var stepsBefore = document.Get("steps");
            var (label, reason) = random.PickFrom(Mutations)(random, document, prefix);
            labels.Add(label);

            // A mutation that replaced the whole list of steps also replaced what an earlier one did to a step, so only its
            // own reason to refuse still holds (an earlier reason about the top-level fields is dropped too: a weaker check,
            // never a false one).
            mustFail = ReferenceEquals(document.Get("steps"), stepsBefore) ? mustFail ?? reason : reason;
        }

        return definition with { Label = labels.Count == 0 ? "valid" : string.Join(" + ", labels), MustFail = mustFail };
    }

    /// <summary>A valid definition with one field of its first step set to <paramref name="value"/>.</summary>
    public static GeneratedDefinition WithStepField(FuzzRandom random, string id, string field, object? value, string label, string? mustFail, string prefix = "s")
    {
        var definition = Valid(random, id, prefix);
        ServiceSteps((JsonFields)definition.Document!).First().Set(field, value);
        return definition with { Label = label, MustFail = mustFail };
    }

    /// <summary>A valid definition with one top-level field set to <paramref name="value"/>.</summary>
    public static GeneratedDefinition WithField(FuzzRandom random, string id, string field, object? value, string label, string? mustFail, string prefix = "s")
    {
        var definition = Valid(random, id, prefix);
        ((JsonFields)definition.Document!).Set(field, value);
        return definition with { Label = label, MustFail = mustFail };
    }

    /// <summary>Every not-yet-runnable step type, for the corpus.</summary>
    public static IReadOnlyList<string> NotRunnableTypes => NotRunnable;

    public static bool IsValidId(string id) => id.Length is > 0 and <= 256 && IdPattern().IsMatch(id);

    private static (string, string?) StepType(FuzzRandom random, JsonFields document, string prefix)
    {
        var step = random.PickFrom(ServiceSteps(document).DefaultIfEmpty(null).ToList());
        if (step is null)
        {
            return ("no step to change", null);
        }

        var kind = random.Between(0, 2);
        if (kind == 0)
        {
            var type = random.PickFrom([.. NotRunnable, .. RunnableAsIs]);
            step.Set("type", type);
            return ($"step type {type}", RunnableAsIs.Contains(type) ? null
                : $"docs/definitions.md: a step of type {type} without the fields of its type is refused at upload");
        }

        object? value = kind == 1
            ? random.Pick("service_task", "Service_Task", "TELEPORT", "", " SERVICE_TASK", "SERVICE_TASK\u0000")
            : random.Pick<object?>(1, null, new List<object?>(), new JsonFields(), true);
        step.Set("type", value);
        return ($"step type {Printable.Shorten(JsonText.Write(value), 30)}", "docs/definitions.md: a missing or unknown step type is refused");
    }

    private static (string, string?) RetryCount(FuzzRandom random, JsonFields document, string prefix)
    {
        var (text, label, notWhole) = random.PickFrom(HostileNumbers.ForIntFields);
        ForSomeStep(random, document, s => s.Set("retryCount", new RawJson(text)));
        var negative = text is "-1";
        return ($"retryCount {label}", notWhole ? "docs/api.md: a field of the wrong type is a 400"
            : negative ? "docs/definitions.md: a negative retryCount is refused" : null);
    }

    private static (string, string?) Timeout(FuzzRandom random, JsonFields document, string prefix)
    {
        var (text, notIso) = random.PickFrom(HostileDurations.All);
        ForSomeStep(random, document, s => s.Set("timeout", text));
        return ($"timeout {Printable.Shorten(text, 40)}", notIso ? "docs/definitions.md: a timeout that is not ISO-8601 is refused" : null);
    }

    private static (string, string?) BackoffDuration(FuzzRandom random, JsonFields document, string prefix)
    {
        var (text, notIso) = random.PickFrom(HostileDurations.All);
        var field = random.Pick("initial", "max");
        ForSomeStep(random, document, s => s.Set("retryBackoff", new JsonFields { { field, text } }));
        return ($"retryBackoff.{field} {Printable.Shorten(text, 40)}", notIso ? $"docs/definitions.md: a retryBackoff.{field} that is not ISO-8601 is refused" : null);
    }

    private static (string, string?) BackoffNumber(FuzzRandom random, JsonFields document, string prefix)
    {
        var text = random.PickFrom(HostileNumbers.ForDoubleFields);
        var field = random.Pick("factor", "jitter");
        ForSomeStep(random, document, s => s.Set("retryBackoff", new JsonFields { { field, new RawJson(text) } }));
        var wrongType = text.StartsWith('"') || text == "true";
        var outOfRange = !wrongType && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number) && !double.IsInfinity(number)
            && (field == "factor" ? number < 1 : number is < 0 or > 1);
        return ($"retryBackoff.{field} {HostileJsonLabel(text)}", wrongType ? "docs/api.md: a field of the wrong type is a 400"
            : outOfRange ? $"docs/definitions.md: retryBackoff.{field} {text} is out of range" : null);
    }

    private static (string, string?) BoundaryEvent(FuzzRandom random, JsonFields document, string prefix)
    {
        var (text, notIso) = random.PickFrom(HostileDurations.All);
        var type = random.Chance(0.8) ? "TIMER" : "MESSAGE";
        ForSomeStep(random, document, s => s.Set("boundaryEvents", new List<object?>
        {
            new JsonFields { { "type", type }, { "duration", text }, { "interrupting", true }, { "targetStepId", "end" } },
        }));
        return ($"boundary event {type} {Printable.Shorten(text, 40)}",
            type != "TIMER" ? "docs/definitions.md: a boundary event that is not a TIMER is refused"
            : notIso ? "docs/definitions.md: a boundary event duration that is not ISO-8601 is refused" : null);
    }

    private static (string, string?) DefinitionId(FuzzRandom random, JsonFields document, string prefix)
    {
        var (value, label) = HostileStrings.Any(random);
        document.Set("id", value);
        return ($"definition id: {label}", IsValidId(value) ? null : "docs/definitions.md: the id must match ^[A-Za-z0-9_:\\-]+$ and be at most 256 characters");
    }

    private static (string, string?) StepId(FuzzRandom random, JsonFields document, string prefix)
    {
        var (value, label) = HostileStrings.Any(random);
        if (document.Get("steps") is not List<object?> steps || steps.OfType<JsonFields>().FirstOrDefault() is not { } first)
        {
            return ("no step to change", null);
        }

        var old = first.Get("id") as string;
        first.Set("id", value);
        foreach (var step in steps.OfType<JsonFields>().Where(s => Equals(s.Get("nextStep"), old)))
        {
            step.Set("nextStep", value);
        }

        return ($"step id: {label}", IsValidId(value) && value != "end" ? null : "docs/definitions.md: a step id must match ^[A-Za-z0-9_:\\-]+$ and be unique");
    }

    private static (string, string?) JobType(FuzzRandom random, JsonFields document, string prefix)
    {
        var (value, label) = HostileStrings.Any(random);
        ForSomeStep(random, document, s => s.Set("jobType", value));
        return ($"jobType: {label}", null);
    }

    private static (string, string?) NextStep(FuzzRandom random, JsonFields document, string prefix)
    {
        var step = ServiceSteps(document).FirstOrDefault();
        if (step is null)
        {
            return ("no step to change", null);
        }

        switch (random.Between(0, 3))
        {
            case 0:
                step.Set("nextStep", "nowhere");
                return ("nextStep names a missing step", "docs/definitions.md: nextStep must name a step");
            case 1:
                step.Set("nextStep", step.Get("id"));
                return ("nextStep loops to itself", "docs/definitions.md: a definition whose END cannot be reached is refused");
            case 2:
                step.Set("nextStep", null);
                return ("nextStep null", "docs/definitions.md: a step other than END needs a next step");
            default:
                step.Remove("nextStep");
                return ("nextStep missing", "docs/definitions.md: a step other than END needs a next step");
        }
    }

    private static (string, string?) EndWithNext(FuzzRandom random, JsonFields document, string prefix)
    {
        if (document.Get("steps") is not List<object?> steps || steps.OfType<JsonFields>().LastOrDefault(s => Equals(s.Get("type"), "END")) is not { } end)
        {
            return ("no END to change", null);
        }

        end.Set("nextStep", random.Pick($"{prefix}1", "end"));
        return ("END step with a nextStep", "docs/definitions.md: an END step with a next step is refused");
    }

    private static (string, string?) NoEnd(FuzzRandom random, JsonFields document, string prefix)
    {
        if (document.Get("steps") is not List<object?> steps)
        {
            return ("no steps to change", null);
        }

        if (random.Chance(0.5))
        {
            steps.RemoveAll(s => s is JsonFields f && Equals(f.Get("type"), "END"));
            return ("no END step", "docs/definitions.md: a definition without a reachable END is refused");
        }

        var end = steps.OfType<JsonFields>().FirstOrDefault(s => Equals(s.Get("type"), "END"));
        if (end is not null && steps.Count > 1)
        {
            steps.Remove(end);
            steps.Insert(0, end);
            return ("END is the first step", "docs/definitions.md: steps that cannot be reached from the first are refused");
        }

        return ("no END to move", null);
    }

    private static (string, string?) UnknownField(FuzzRandom random, JsonFields document, string prefix)
    {
        var name = random.Pick("nextstep", "Id", "stpes", "\u0000", "", "extra", "__proto__");
        if (random.Chance(0.5) && ServiceSteps(document).FirstOrDefault() is { } step)
        {
            step.Add(name, 1);
            return ($"unknown step field '{Printable.Shorten(name, 20)}'", "docs/definitions.md: unknown fields are refused");
        }

        document.Add(name, 1);
        return ($"unknown field '{Printable.Shorten(name, 20)}'", "docs/definitions.md: unknown fields are refused");
    }

    private static (string, string?) DuplicateKey(FuzzRandom random, JsonFields document, string prefix)
    {
        if (random.Chance(0.5) && ServiceSteps(document).FirstOrDefault() is { } step)
        {
            step.Add("type", random.Pick("END", "SERVICE_TASK", "TELEPORT"));
            return ("duplicate key 'type' in a step", null);
        }

        document.Add(random.Pick("id", "steps", "name"), random.Pick<object?>("dup-id", new List<object?>(), "other name"));
        return ("duplicate top-level key", null);
    }

    private static (string, string?) DuplicateStepIds(FuzzRandom random, JsonFields document, string prefix)
    {
        if (document.Get("steps") is not List<object?> steps || steps.OfType<JsonFields>().FirstOrDefault() is not { } first)
        {
            return ("no steps to change", null);
        }

        steps.Add(new JsonFields { { "id", first.Get("id") }, { "type", "END" } });
        return ("two steps share an id", "docs/definitions.md: step ids must be unique");
    }

    private static (string, string?) Steps(FuzzRandom random, JsonFields document, string prefix)
    {
        var (value, label) = random.Between(0, 5) switch
        {
            0 => ((object?)new List<object?>(), "steps empty"),
            1 => (null, "steps null"),
            2 => (new JsonFields(), "steps is an object"),
            3 => (new List<object?> { null }, "steps [null]"),
            4 => (new List<object?> { 1, "x" }, "steps of non-objects"),
            _ => (new RawJson("\"s1\""), "steps is a string"),
        };
        document.Set("steps", value);
        return (label, "docs/definitions.md: steps is a list of at least one step");
    }

    private static (string, string?) Metadata(FuzzRandom random, JsonFields document, string prefix)
    {
        if (random.Chance(0.7))
        {
            var (value, label) = HostileJson.Object(random);
            document.Set("metadata", value);
            return ($"metadata: {label}", null);
        }

        var (any, anyLabel) = HostileJson.Value(random);
        document.Set("metadata", any);
        var notObject = any is not (JsonFields or null) && !(any is RawJson raw && raw.Text.StartsWith('{'));
        return ($"metadata is {anyLabel}", notObject ? "docs/definitions.md: metadata is an object" : null);
    }

    private static (string, string?) Text(FuzzRandom random, JsonFields document, string prefix)
    {
        var (value, label) = HostileStrings.Any(random);
        var field = random.Pick("name", "description");
        document.Set(field, value);
        return ($"{field}: {label}", null);
    }

    private static (string, string?) WrongType(FuzzRandom random, JsonFields document, string prefix)
    {
        var value = random.Pick<object?>(1, true, new List<object?>(), new JsonFields());
        var field = random.Pick("id", "name", "description", "nextStep", "jobType", "nextWorkflowId", "autoStartNextWorkflow");
        if (field is "nextStep" or "jobType")
        {
            ForSomeStep(random, document, s => s.Set(field, value));
        }
        else
        {
            document.Set(field, value);
        }

        return ($"{field} of the wrong type {JsonText.Write(value)}", field == "autoStartNextWorkflow" && value is true
            ? "docs/definitions.md: nextWorkflowId is required when autoStartNextWorkflow is true"
            : "docs/api.md: a field of the wrong type is a 400");
    }

    private static (string, string?) AutoStart(FuzzRandom random, JsonFields document, string prefix)
    {
        document.Set("autoStartNextWorkflow", true);
        if (random.Chance(0.5))
        {
            return ("autoStartNextWorkflow without nextWorkflowId", "docs/definitions.md: nextWorkflowId is required when autoStartNextWorkflow is true");
        }

        document.Set("nextWorkflowId", random.Pick("other", "", "\ud800"));
        return ("autoStartNextWorkflow with a nextWorkflowId", null);
    }

    private static (string, string?) OtherWaysOut(FuzzRandom random, JsonFields document, string prefix)
    {
        var step = ServiceSteps(document).FirstOrDefault();
        if (step is null)
        {
            return ("no step to change", null);
        }

        var target = step.Get("nextStep") ?? "end";
        if (random.Chance(0.5))
        {
            step.Remove("nextStep");
        }

        var label = step.Get("nextStep") is null ? " instead of nextStep" : " beside nextStep";
        switch (random.Between(0, 2))
        {
            case 0:
                step.Set("conditionalNextSteps", new JsonFields { { "${true}", target } });
                return ($"SERVICE_TASK with conditionalNextSteps{label}", null);
            case 1:
                step.Set("parallelNextSteps", new List<object?> { target });
                return ($"SERVICE_TASK with parallelNextSteps{label}", null);
            default:
                step.Set("joinStep", target);
                return ($"SERVICE_TASK with joinStep{label}", null);
        }
    }

    private static (string, string?) LongChain(FuzzRandom random, JsonFields document, string prefix)
    {
        var count = random.Pick(100, 600);
        var steps = new List<object?>();
        for (var i = 1; i <= count; i++)
        {
            steps.Add(new JsonFields { { "id", $"{prefix}{i}" }, { "type", "SERVICE_TASK" }, { "nextStep", i < count ? $"{prefix}{i + 1}" : "end" } });
        }

        steps.Add(new JsonFields { { "id", "end" }, { "type", "END" } });
        document.Set("steps", steps);
        return ($"a chain of {count:N0} steps", null);
    }

    private static (string, string?) OtherTypesFields(FuzzRandom random, JsonFields document, string prefix)
    {
        var (field, value) = random.Pick<(string, object?)>(
            ("assignee", "someone"),
            ("script", "../../etc/passwd"),
            ("delegateClass", "System.IO.File"),
            ("workflowId", "other"),
            ("version", new RawJson("2147483648")),
            ("inputMapping", new JsonFields { { "a", "b" } }),
            ("transformations", new JsonFields { { "x", "${1/0}" } }),
            ("duration", "P10675199D"),
            ("until", "9999-12-31T23:59:59Z"));
        ForSomeStep(random, document, s => s.Set(field, value));
        return ($"SERVICE_TASK with field {field} of another step type", null);
    }

    private static (string, string?) ServerFields(FuzzRandom random, JsonFields document, string prefix)
    {
        var (field, value) = random.Pick<(string, object?)>(
            ("version", -5), ("version", new RawJson("2147483648")), ("createdAt", "yesterday"), ("createdAt", "9999-12-31T23:59:59Z"));
        document.Set(field, value);
        return ($"{field} {Printable.Shorten(JsonText.Write(value), 30)} in the upload", null);
    }

    private static IEnumerable<JsonFields> ServiceSteps(JsonFields document) =>
        document.Get("steps") is List<object?> steps ? steps.OfType<JsonFields>().Where(s => Equals(s.Get("type"), "SERVICE_TASK")) : [];

    private static void ForSomeStep(FuzzRandom random, JsonFields document, Action<JsonFields> change)
    {
        var steps = ServiceSteps(document).ToList();
        if (steps.Count > 0)
        {
            change(random.PickFrom(steps));
        }
    }

    private static string HostileJsonLabel(string number) => number.Length > 24 ? $"{number[..12]}…({number.Length} chars)" : number;

    [GeneratedRegex("^[A-Za-z0-9_:\\-]+$")]
    private static partial Regex IdPattern();
}
