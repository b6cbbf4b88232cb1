using System.Text.Json.Nodes;
using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

public sealed class TemplateTests
{
    private const string Variables = """
        {"price":9.5,"quantity":2,"id":7,"name":"Ada","flag":true,"tags":["a","b"],"customer":{"tier":"gold"},"m":{"}":"brace"}}
        """;

    [Theory]
    [InlineData("${price * quantity}", "19")]
    [InlineData("${quantity + 1}", "3")]
    [InlineData("${name}", "\"Ada\"")]
    [InlineData("${flag}", "true")]
    [InlineData("${tags}", """["a","b"]""")]
    [InlineData("${customer}", """{"tier":"gold"}""")]
    [InlineData("${missing}", "null")]
    [InlineData("${ {total: price * quantity, tier: customer.tier} }", """{"total":19,"tier":"gold"}""")]
    [InlineData("${m['}']}", "\"brace\"")]
    [InlineData("${ price > 5 ? 'high' : 'low' }", "\"high\"")]
    public void Exactly_one_expression_gives_its_value_of_any_type(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Theory]
    [InlineData("Order ${id} for ${name}", "Order 7 for Ada")]
    [InlineData("Total: ${price * quantity}", "Total: 19")]
    [InlineData("${name}'s order", "Ada's order")]
    [InlineData("${id}${quantity}", "72")]
    [InlineData(" ${id} ", " 7 ")]
    [InlineData("Tags: ${tags}", "Tags: [\"a\",\"b\"]")]
    [InlineData("Flag: ${flag}, none: ${missing}", "Flag: true, none: null")]
    [InlineData("${'${'}literal}", "${literal}")]
    [InlineData("{${id}}", "{7}")]
    [InlineData("Price ${price}$", "Price 9.5$")]
    public void Text_around_expressions_gives_a_string_with_each_value_written_in(string template, string expected)
    {
        Assert.Equal(expected, Template.Parse(template).Evaluate(Vars(Variables))!.GetValue<string>());
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("")]
    [InlineData("cost: $5")]
    [InlineData("$ {x}")]
    [InlineData("{id}")]
    [InlineData("#id")]
    public void Text_without_dollar_brace_is_a_literal(string template)
    {
        var parsed = Template.Parse(template);

        Assert.True(parsed.IsLiteral);
        Assert.Equal(template, parsed.Evaluate(Vars(Variables))!.GetValue<string>());
    }

    [Fact]
    public void A_literal_may_be_longer_than_an_expression()
    {
        var text = new string('x', 10_000);

        Assert.Equal(text, Template.Parse(text).Evaluate(Vars("{}"))!.GetValue<string>());
    }

    [Fact]
    public void A_text_with_an_expression_is_limited_in_length()
    {
        var error = Assert.Throws<ExpressionException>(() => Template.Parse("${x}" + new string(' ', Expression.MaxLength)));

        Assert.Equal("it is 4,100 characters long; a text with '${' may have at most 4,096", error.Reason);
    }

    [Theory]
    [InlineData("Total: ${price *}", 17, "unexpected '}'")]
    [InlineData("Hi ${name", 10, "expected '}' to close the '${' at position 4, found the end")]
    [InlineData("${}", 3, "unexpected '}'")]
    [InlineData("${a b}", 5, "expected '}' to close the '${' at position 1, found 'b'")]
    [InlineData("ok ${'open}", 6, "the string that starts here is not closed; end it with '")]
    public void Parse_errors_give_the_position_in_the_whole_text(string template, int position, string reason)
    {
        var error = Assert.Throws<ExpressionException>(() => Template.Parse(template));

        Assert.Equal($"Expression '{template}' has an error at position {position}: {reason}", error.Message);
    }

    [Fact]
    public void TryParse_reports_bad_input_without_throwing()
    {
        Assert.False(Template.TryParse("Hi ${name", out var template, out var error));
        Assert.Null(template);
        Assert.Equal("Expression 'Hi ${name' has an error at position 10: expected '}' to close the '${' at position 4, found the end", error);

        Assert.True(Template.TryParse("Hi ${name}", out template, out error));
        Assert.Null(error);
        Assert.Equal("Hi ${name}", template!.Text);
    }

    [Fact]
    public void Evaluation_errors_name_the_whole_text_and_the_position_in_it()
    {
        var error = Assert.Throws<ExpressionException>(() => Template.Parse("x=${1 / 0}").Evaluate(Vars("{}")));

        Assert.Equal("Expression 'x=${1 / 0}' failed at position 7: division by zero", error.Message);
    }

    [Fact]
    public void The_value_is_a_copy_that_the_caller_may_change()
    {
        var variables = Vars(Variables);

        var copy = Template.Parse("${customer}").Evaluate(variables)!.AsObject();
        copy["tier"] = "silver";

        Assert.Equal("gold", variables["customer"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public void Writing_values_into_a_text_counts_towards_the_build_limit()
    {
        var variables = new JsonObject { ["s"] = new string('x', 600_000) };

        var error = Assert.Throws<ExpressionException>(() => Template.Parse("${s} and ${s}").Evaluate(variables));

        Assert.Equal("it builds more than 1,048,576 characters and list elements in one evaluation, the limit; build smaller texts and lists", error.Reason);
        Assert.Equal(12, error.Position);
    }

    private static string Render(string template) => Template.Parse(template).Evaluate(Vars(Variables))?.ToJsonString() ?? "null";
}
