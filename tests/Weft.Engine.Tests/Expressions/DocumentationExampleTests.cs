using System.Text.Json.Nodes;
using Weft.Engine.Expressions;
using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

/// <summary>The examples of docs/expressions.md, as written there.</summary>
public sealed class DocumentationExampleTests
{
    [Theory]
    [InlineData("""{"amount":1500,"customer":{"tier":"gold"}}""", "priority-review")]
    [InlineData("""{"amount":1500,"customer":{"tier":"silver"}}""", "manual-review")]
    [InlineData("""{"amount":1500}""", "manual-review")]
    [InlineData("""{"amount":20}""", "auto-approve")]
    public void The_first_decision_condition_that_gives_true_wins(string variables, string expected)
    {
        var branches = new (string Condition, string Step)[]
        {
            ("amount > 1000 && customer.tier == 'gold'", "priority-review"),
            ("amount > 1000", "manual-review"),
            ("true", "auto-approve"),
        };

        var chosen = branches.First(branch => Expression.Parse(branch.Condition).EvaluateCondition(Vars(variables))).Step;

        Assert.Equal(expected, chosen);
    }

    [Fact]
    public void The_rochallor_style_decision_example_parses_and_routes()
    {
        var conditions = JsonNode.Parse("""
            {
              "#customerValid == true && #customerScore >= 700": "approve",
              "${customerValid == true && customerScore < 700}": "manual-review",
              "'ADMIN' in roles || contains(roles, 'OWNER')": "approve",
              "email matches `^[^@]+@example\\.com$` and not (country in ['XX', 'YY'])": "fast-track",
              "true": "reject"
            }
            """)!.AsObject();
        var variables = Vars("""{"customerValid":false,"customerScore":0,"roles":["USER"],"email":"ada@example.com","country":"NO"}""");

        var chosen = conditions.First(pair => Expression.Parse(pair.Key).EvaluateCondition(variables)).Value!.GetValue<string>();

        Assert.Equal("fast-track", chosen);
    }

    [Fact]
    public void The_transformation_examples_give_the_documented_values()
    {
        var variables = Vars("""
            {"price":9.99,"quantity":2,"orderId":7,"shipping":"express","items":["a","b"],"product":" pen ",
             "customer":{"name":"Ada","tier":"gold","address":{"city":"Oslo","zip":150}}}
            """);
        string Render(string template) => Template.Parse(template).Evaluate(variables)?.ToJsonString() ?? "null";

        Assert.Equal("19.98", Render("${price * quantity}"));
        Assert.Equal("\"Order 7 for Ada\"", Render("Order ${orderId} for ${customer.name}"));
        Assert.Equal("true", Render("${(shipping ?? 'standard') == 'express'}"));
        Assert.Equal("\"web\"", Render("web"));
        Assert.Equal("17.982", Render("${customer.tier == 'gold' ? price * quantity * 0.9 : price * quantity}"));
        Assert.Equal("2", Render("${len(items)}"));
        Assert.Equal("2 × PEN for Ada", Template.Parse("${quantity} × ${upper(trim(product))} for ${customer.name ?? 'guest'}").Evaluate(variables)!.GetValue<string>());
        Assert.Equal("""{"city":"Oslo","zip":"150"}""", Render("${ {city: customer.address.city, zip: string(customer.address.zip)} }"));
        Assert.Equal("Order 7: [\"a\",\"b\"]", Template.Parse("Order ${orderId}: ${items}").Evaluate(variables)!.GetValue<string>());
    }

    [Theory]
    [InlineData("status == 'open", "Expression 'status == 'open' has an error at position 11: the string that starts here is not closed; end it with '")]
    [InlineData("code matches '('", "Expression 'code matches '('' has an error at position 14: the pattern '(' is not a valid regular expression: Invalid pattern '(' at offset 1. Not enough )'s.")]
    public void The_documented_parse_errors_read_as_shown(string expression, string message)
    {
        Assert.Equal(message, ParseError(expression));
    }

    [Theory]
    [InlineData("total + tax", """{"total":"10","tax":2}""", "Expression 'total + tax' failed at position 7: '+' cannot add a string and a number; it adds two numbers, or joins two strings or two lists; write string(x) to turn a value into text")]
    [InlineData("enabled && ok", """{"enabled":"yes","ok":true}""", "Expression 'enabled && ok' failed at position 9: '&&' needs true or false on both sides, but its left side is a string")]
    [InlineData("amount / count", """{"amount":1,"count":0}""", "Expression 'amount / count' failed at position 8: division by zero ('count' is 0)")]
    [InlineData("customer.tier.level", """{"customer":{"tier":"gold"}}""", "Expression 'customer.tier.level' failed at position 14: cannot read '.level': 'customer.tier' is a string, and only objects have members")]
    [InlineData("'ADMIN' in (roles ?? [])", "{}", null)]
    public void The_documented_evaluation_errors_read_as_shown(string expression, string variables, string? message)
    {
        if (message is null)
        {
            Assert.Equal("false", Json(expression, variables));
        }
        else
        {
            Assert.Equal(message, Error(expression, variables));
        }
    }
}
