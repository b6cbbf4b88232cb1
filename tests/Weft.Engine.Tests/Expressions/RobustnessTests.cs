using System.Text;
using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class RobustnessTests
{
    private static readonly string[] Pieces =
    [
        "a", "b", "b.c", "#a", "$env", "1", "0", "2.5", "1e3", "'s'", "\"t\"", "`r`", "(", ")", "[", "]", "{", "}", "${", ",", ":",
        "?", "??", "?.", ".", "+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "!", "not", "in", "and", "or", "null",
        "true", "len", "min", "matches", "contains", "startsWith", "'('", "'a+'", " ", " ", "9223372036854775807", "=", "&", "@", "\\",
    ];

    [Fact]
    public void Random_text_either_parses_or_gives_an_expression_error_and_evaluation_fails_only_with_expression_errors()
    {
        var random = new Random(20240611);
        var variables = Vars("""{"a":[1,2,{"x":null}],"b":{"c":"x"},"s":"abc"}""");
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            var count = random.Next(1, 25);
            for (var j = 0; j < count; j++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var source = text.ToString();
            if (Expression.TryParse(source, out var expression, out var error))
            {
                parsed++;
                try
                {
                    expression.Evaluate(variables);
                }
                catch (ExpressionException)
                {
                }
            }
            else
            {
                Assert.StartsWith("Expression '", error, StringComparison.Ordinal);
            }

            if (Template.TryParse($"x{source}${{{source}}}", out var template, out _))
            {
                try
                {
                    template.Evaluate(variables);
                }
                catch (ExpressionException)
                {
                }
            }
        }

        Assert.True(parsed > 500, $"only {parsed} of the random texts parsed; the test no longer exercises evaluation");
    }
}
