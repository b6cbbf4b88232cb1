using System.Text.Json;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Commands;

/// <summary>The shape of a GraphQL answer: 200 with <c>data</c> and/or <c>errors</c>, each error with an actionable message.</summary>
public static class GraphqlAnswerRules
{
    private static readonly string[] Internals = ["   at ", "Exception", "System.", "Microsoft."];

    /// <param name="result">The GraphQL result: the whole body, or a command's <c>data</c>.</param>
    /// <returns>What is wrong with it; null when it has the shape.</returns>
    public static string? CheckResult(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            return "the result is not a JSON object";
        }

        var names = result.EnumerateObject().Select(p => p.Name).ToList();
        if (!names.Contains("data") && !names.Contains("errors"))
        {
            return $"the result has neither 'data' nor 'errors' (it has [{string.Join(", ", names)}])";
        }

        if (!result.TryGetProperty("errors", out var errors))
        {
            return null;
        }

        if (errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
        {
            return "'errors' is not a list of errors";
        }

        foreach (var error in errors.EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(message.GetString()))
            {
                return $"an error has no message: {Printable.Shorten(error.GetRawText(), 200)}";
            }

            if (Internals.FirstOrDefault(i => error.GetRawText().Contains(i, StringComparison.Ordinal)) is { } internals)
            {
                return $"an error contains \"{internals}\": {Printable.Shorten(error.GetRawText(), 300)}";
            }
        }

        return null;
    }

    /// <returns>What is wrong with a 200 answer of <c>POST /v1/graphql</c>; null when it has the shape.</returns>
    public static string? Check(FuzzAnswer answer)
    {
        if (answer.Status != 200)
        {
            return null;
        }

        return answer.ContentType?.Split(';')[0].Trim() != "application/json"
            ? $"Content-Type is {answer.ContentType ?? "missing"}"
            : AnswerJson.Parse(answer) is { } root ? CheckResult(root) : "the body is not JSON";
    }
}
