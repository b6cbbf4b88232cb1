using System.Text.Json;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Commands;

/// <summary>The shape of a command's answer: 200 <c>{"data"}</c> or 200 <c>{"error": {"message", "code"}}</c>.</summary>
public static class CommandAnswerRules
{
    private static readonly string[] Internals = ["   at ", "Exception", "System.", "Microsoft."];

    public static bool IsError(FuzzAnswer answer) =>
        AnswerJson.Parse(answer) is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("error", out _);

    /// <returns>What is wrong with a 200 answer; null when it has the shape.</returns>
    public static string? Check(FuzzAnswer answer)
    {
        if (answer.Status != 200)
        {
            return null;
        }

        if (answer.ContentType?.Split(';')[0].Trim() != "application/json")
        {
            return $"Content-Type is {answer.ContentType ?? "missing"}";
        }

        if (AnswerJson.Parse(answer) is not { ValueKind: JsonValueKind.Object } root)
        {
            return "the body is not a JSON object";
        }

        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        if (names is not (["data"] or ["error"]))
        {
            return $"the body has the fields [{string.Join(", ", names)}], not just 'data' or just 'error'";
        }

        if (names[0] == "data")
        {
            return null;
        }

        var error = root.GetProperty("error");
        if (error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String
            || !error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String)
        {
            return "'error' is not {\"message\": string, \"code\": string}";
        }

        if (string.IsNullOrWhiteSpace(message.GetString()))
        {
            return "the error message is empty";
        }

        return Internals.FirstOrDefault(i => message.GetString()!.Contains(i, StringComparison.Ordinal)) is { } internals
            ? $"the error message contains \"{internals}\""
            : null;
    }
}
