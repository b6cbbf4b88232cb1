using System.Text.Json.Nodes;
using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class LimitTests
{
    private const string BuildLimit = "it builds more than 1,048,576 characters and list elements in one evaluation, the limit; build smaller texts and lists";

    [Fact]
    public void An_expression_of_the_maximum_length_is_accepted()
    {
        var text = "x" + new string(' ', Expression.MaxLength - 1);

        Assert.Equal("1", Expression.Parse(text).Evaluate(Vars("""{"x":1}"""))!.ToJsonString());
    }

    [Fact]
    public void A_longer_expression_is_refused()
    {
        var text = "x" + new string(' ', Expression.MaxLength);

        var error = Assert.Throws<ExpressionException>(() => Expression.Parse(text));

        Assert.Equal(Expression.MaxLength + 1, error.Position);
        Assert.Equal("it is 4,097 characters long; the limit is 4,096", error.Reason);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("${", "}")]
    [InlineData("len(", ")")]
    [InlineData("x[", "]")]
    [InlineData("-", "")]
    [InlineData("!", "")]
    [InlineData("not ", "")]
    public void Nesting_up_to_the_maximum_depth_is_accepted_and_one_more_level_is_refused(string open, string close)
    {
        var inner = open == "!" || open == "not " ? "true" : "1";
        string Nested(int depth) => string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

        Expression.Parse(Nested(Expression.MaxDepth));
        var error = Assert.Throws<ExpressionException>(() => Expression.Parse(Nested(Expression.MaxDepth + 1)));

        Assert.Equal("it nests more than 64 levels deep (brackets, unary operators and '?:'); split it into simpler expressions", error.Reason);
        var opening = open == "x[" ? 2 : 1; // the '[' of x[
        Assert.Equal((open.Length * Expression.MaxDepth) + opening, error.Position);
    }

    [Fact]
    public void Nested_ternaries_count_towards_the_depth()
    {
        string Chain(int depth) => string.Concat(Enumerable.Repeat("false ? 0 : ", depth)) + "1";

        Assert.Equal("1", Json(Chain(Expression.MaxDepth)));
        Assert.Throws<ExpressionException>(() => Expression.Parse(Chain(Expression.MaxDepth + 1)));
    }

    [Fact]
    public void Thousands_of_open_brackets_are_refused_without_exhausting_the_stack()
    {
        var error = Assert.Throws<ExpressionException>(() => Expression.Parse(new string('(', 4000)));

        Assert.Equal(Expression.MaxDepth + 1, error.Position);
    }

    [Fact]
    public void A_long_chain_of_one_operator_does_not_nest()
    {
        var sum = "1" + string.Concat(Enumerable.Repeat("+1", 2000));
        var alternatives = "x == 0" + string.Concat(Enumerable.Repeat(" || x == 0", 400)) + " || x == 7";

        Assert.Equal("2001", Json(sum));
        Assert.True(Condition(alternatives, """{"x":7}"""));
    }

    [Fact]
    public void A_long_path_does_not_nest()
    {
        var path = "a" + string.Concat(Enumerable.Repeat(".a", 1000));

        Assert.Equal("null", Json(path, """{"a":{"a":{"a":null}}}"""));
        Assert.Equal("1", Json(path[..9], """{"a":{"a":{"a":{"a":{"a":1}}}}}"""));
    }

    [Fact]
    public void Joining_texts_past_the_build_limit_is_an_error_at_the_operator()
    {
        var variables = new JsonObject { ["s"] = new string('x', 100_000) };

        // The intermediate texts count too: 200k + 300k + 400k, then 500k passes 1 MiB at the fourth '+'.
        var error = Assert.Throws<ExpressionException>(() => Expression.Parse("s + s + s + s + s").Evaluate(variables));

        Assert.Equal(BuildLimit, error.Reason);
        Assert.Equal(15, error.Position);
    }

    [Fact]
    public void Joining_texts_within_the_build_limit_is_fine()
    {
        var variables = new JsonObject { ["s"] = new string('x', 500_000) };

        Assert.Equal(1_000_000, Expression.Parse("s + s").Evaluate(variables)!.GetValue<string>().Length);
    }

    [Fact]
    public void Doubling_a_text_again_and_again_stops_at_the_build_limit()
    {
        var text = "s" + string.Concat(Enumerable.Repeat(" + s", 200));
        var variables = new JsonObject { ["s"] = new string('x', 10_000) };

        var error = Assert.Throws<ExpressionException>(() => Expression.Parse(text).Evaluate(variables));

        Assert.Equal(BuildLimit, error.Reason);
    }

    [Fact]
    public void Copies_of_a_large_value_in_a_list_count_towards_the_build_limit()
    {
        var variables = new JsonObject { ["big"] = new JsonArray([.. Enumerable.Range(0, 300_000).Select(i => (JsonNode)i)]) };

        Assert.Equal(300_000 * 3, Expression.Parse("[big, big, big]").Evaluate(variables)!.AsArray().Sum(item => item!.AsArray().Count));
        var error = Assert.Throws<ExpressionException>(() => Expression.Parse("[big, big, big, big]").Evaluate(variables));
        Assert.Equal(BuildLimit, error.Reason);
    }

    [Fact]
    public void Joining_lists_counts_their_elements_towards_the_build_limit()
    {
        var variables = new JsonObject { ["big"] = new JsonArray([.. Enumerable.Range(0, 400_000).Select(i => (JsonNode)i)]) };

        Assert.Equal(800_000, Expression.Parse("big + big").Evaluate(variables)!.AsArray().Count);
        var error = Assert.Throws<ExpressionException>(() => Expression.Parse("big + big + big").Evaluate(variables));
        Assert.Equal(BuildLimit, error.Reason);
    }

    [Fact]
    public void Each_evaluation_has_its_own_budget()
    {
        var expression = Expression.Parse("s + s");
        var variables = new JsonObject { ["s"] = new string('x', 500_000) };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(1_000_000, expression.Evaluate(variables)!.GetValue<string>().Length);
        }
    }

    [Fact]
    public void A_catastrophic_pattern_is_stopped_by_the_timeout_with_a_clear_error()
    {
        var variables = new JsonObject { ["s"] = new string('a', 5_000) + "b" };

        var error = Assert.Throws<ExpressionException>(() => Expression.Parse("matches(s, '(a+)+$')").Evaluate(variables));

        Assert.Equal("the pattern '(a+)+$' took longer than 100 ms on a text of 5,001 characters and was stopped; simplify it (nested repetition such as (a+)+ is the usual cause)", error.Reason);
        Assert.Equal(1, error.Position);
    }

    [Fact]
    public void A_catastrophic_pattern_from_a_variable_is_stopped_too()
    {
        var variables = new JsonObject { ["s"] = new string('a', 5_000) + "b", ["p"] = "(a+)+$" };

        var error = Assert.Throws<ExpressionException>(() => Expression.Parse("s matches p").Evaluate(variables));

        Assert.StartsWith("the pattern '(a+)+$' took longer than 100 ms", error.Reason, StringComparison.Ordinal);
        Assert.Equal(3, error.Position);
    }
}
