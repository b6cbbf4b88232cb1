using System.Text.Json.Nodes;
using Weft.Engine.Expressions;

namespace Weft.Engine.Tests.Expressions;

public sealed class ConcurrencyTests
{
    [Fact]
    public void One_parsed_expression_gives_the_right_answer_on_many_threads_at_once()
    {
        var expression = Expression.Parse("amount > 1000 && customer.tier == 'gold' ? {total: amount * 2, tags: tags + [string(amount)]} : matches(customer.tier, '^s')");

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var variables = new JsonObject
            {
                ["amount"] = i,
                ["customer"] = new JsonObject { ["tier"] = i % 2 == 0 ? "gold" : "silver" },
                ["tags"] = new JsonArray("t"),
            };

            var result = expression.Evaluate(variables);

            var expected = i > 1000 && i % 2 == 0
                ? $$"""{"total":{{i * 2}},"tags":["t","{{i}}"]}"""
                : (i % 2 == 1 ? "true" : "false");
            Assert.Equal(expected, result!.ToJsonString());
        });
    }

    [Fact]
    public void One_parsed_template_gives_the_right_answer_on_many_threads_at_once()
    {
        var template = Template.Parse("Order ${id}: ${len(items)} items, first ${items[0] ?? 'none'}");

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var items = new JsonArray([.. Enumerable.Range(0, i % 5).Select(n => (JsonNode)$"i{n}")]);
            var variables = new JsonObject { ["id"] = i, ["items"] = items };

            var text = template.Evaluate(variables)!.GetValue<string>();

            Assert.Equal($"Order {i}: {i % 5} items, first {(i % 5 == 0 ? "none" : "i0")}", text);
        });
    }

    [Fact]
    public void Evaluating_never_changes_the_variables()
    {
        var variables = JsonNode.Parse("""{"a":[1,2],"o":{"k":"v"},"s":"x"}""")!.AsObject();
        var before = variables.ToJsonString();

        Expression.Parse("a + [3]").Evaluate(variables)!.AsArray().Add(4);
        Expression.Parse("o").Evaluate(variables)!.AsObject()["k"] = "changed";
        Expression.Parse("[o, a]").Evaluate(variables)![0]!["k"] = "changed";
        Expression.Parse("upper(s) + s").Evaluate(variables);

        Assert.Equal(before, variables.ToJsonString());
    }
}
