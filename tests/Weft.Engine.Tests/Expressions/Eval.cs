using System.Text.Json.Nodes;
using Weft.Engine.Expressions;

namespace Weft.Engine.Tests.Expressions;

/// <summary>Short forms for the expression tests: the value of an expression as compact JSON, or its error message.</summary>
internal static class Eval
{
    public static JsonObject Vars(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonNode? Value(string expression, string variables = "{}") => Expression.Parse(expression).Evaluate(Vars(variables));

    public static string Json(string expression, string variables = "{}") => Value(expression, variables)?.ToJsonString() ?? "null";

    public static string Text(string expression, string variables = "{}") => Value(expression, variables)!.GetValue<string>();

    public static bool Condition(string expression, string variables = "{}") => Expression.Parse(expression).EvaluateCondition(Vars(variables));

    public static string ParseError(string expression) => Assert.Throws<ExpressionException>(() => Expression.Parse(expression)).Message;

    public static string Error(string expression, string variables = "{}") =>
        Assert.Throws<ExpressionException>(() => Expression.Parse(expression).Evaluate(Vars(variables))).Message;

    public static bool IsFloat(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out _) && !value.TryGetValue<long>(out _);

    public static bool IsInt(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out _);
}
