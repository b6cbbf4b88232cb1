using System.Text.Json;

namespace Weft.Fuzz.Tests.Support;

/// <summary>The checks of one answer on its own: status class, the problem+json shape and an actionable message.</summary>
public static class ProblemRules
{
    private static readonly string[] Internals = ["   at ", "Exception", "System.", "Microsoft."];

    /// <returns>(property, what was wrong) for each broken rule.</returns>
    public static IEnumerable<(string Property, string Observed)> Check(FuzzRequest request, FuzzAnswer answer)
    {
        if (answer.Status is null && request.AnswerOptional is not null)
        {
            yield break;
        }

        if (answer.Status is null)
        {
            yield return (Properties.Answers, answer.Error ?? "no answer");
            yield break;
        }

        if (answer.Status >= 500)
        {
            yield return (Properties.No5xx, $"status {answer.Status}");
        }

        if (request.MustFail is not null && answer.Status < 400)
        {
            yield return (Properties.MustBeRefused, $"status {answer.Status}, but {request.MustFail}");
        }

        if (answer.Status >= 400)
        {
            foreach (var problem in CheckProblem(answer))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<(string Property, string Observed)> CheckProblem(FuzzAnswer answer)
    {
        if (answer.ContentType?.Split(';')[0].Trim() != "application/problem+json")
        {
            yield return (Properties.ProblemJson, $"Content-Type is {answer.ContentType ?? "missing"}{(answer.Body.Length == 0 ? ", body empty" : "")}");
            yield break;
        }

        JsonElement problem;
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            problem = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            problem = default;
        }

        if (problem.ValueKind != JsonValueKind.Object)
        {
            yield return (Properties.ProblemJson, "the body is not a JSON object");
            yield break;
        }

        var type = Text(problem, "type");
        var title = Text(problem, "title");
        var detail = Text(problem, "detail");
        var message = Text(problem, "message");
        var status = problem.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n) ? n : (int?)null;
        var missing = new List<string>();
        if (type != $"urn:weft:problem:{answer.Status}")
        {
            missing.Add($"type is {Quote(type)}, not urn:weft:problem:{answer.Status}");
        }

        if (string.IsNullOrEmpty(title))
        {
            missing.Add("no title");
        }

        if (status != answer.Status)
        {
            missing.Add($"status field is {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}");
        }

        if (detail is null)
        {
            missing.Add("no detail");
        }

        if (message != detail)
        {
            missing.Add($"message {Quote(message)} differs from detail");
        }

        if (missing.Count > 0)
        {
            yield return (Properties.ProblemJson, string.Join("; ", missing));
        }

        if (string.IsNullOrWhiteSpace(detail) || detail.Trim() == title?.Trim())
        {
            yield return (Properties.Actionable, $"detail is {Quote(detail)}: it does not say what to do");
        }

        foreach (var internals in Internals.Where(i => answer.Body.Contains(i, StringComparison.Ordinal)))
        {
            yield return (Properties.Actionable, $"the body contains \"{internals}\"");
        }
    }

    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Quote(string? text) => text is null ? "missing" : $"'{Printable.Shorten(text, 120)}'";
}
