using static Weft.Engine.Tests.Expressions.Eval;

namespace Weft.Engine.Tests.Expressions;

/// <summary>Conditions in the styles Rochallor definitions use: #ident (SpEL), ${…} and plain expr-lang.</summary>
public sealed class RochallorStyleTests
{
    [Theory]
    [InlineData("#customerValid == true && #customerScore >= 700", """{"customerValid":true,"customerScore":720}""", true)]
    [InlineData("#customerValid == true && #customerScore >= 700", """{"customerValid":true,"customerScore":650}""", false)]
    [InlineData("#documentAuthentic == true && #authenticityScore >= 0.9", """{"documentAuthentic":true,"authenticityScore":0.95}""", true)]
    [InlineData("#reviewDecision == 'APPROVED'", """{"reviewDecision":"APPROVED"}""", true)]
    [InlineData("#documentAuthentic == false || #authenticityScore < 0.7", """{"documentAuthentic":false,"authenticityScore":0.95}""", true)]
    [InlineData("${is_bic_staff == true}", """{"is_bic_staff":true}""", true)]
    [InlineData("${decisionResult.eligibleApprove == true}", """{"decisionResult":{"eligibleApprove":true}}""", true)]
    [InlineData("#is_auto == 1", """{"is_auto":1.0}""", true)]
    [InlineData("(#a == true || #b == true) && #c == true", """{"a":false,"b":true,"c":true}""", true)]
    [InlineData("price * qty > 1000", """{"price":50.0,"qty":25.0}""", true)]
    [InlineData("contains(roles, \"ADMIN\")", """{"roles":["USER","ADMIN"]}""", true)]
    [InlineData("\"ADMIN\" in roles", """{"roles":["USER","ADMIN"]}""", true)]
    [InlineData("len(items) == 0", """{"items":[]}""", true)]
    [InlineData("amount > 1000 && customer.tier == 'gold'", """{"amount":1500,"customer":{"tier":"gold"}}""", true)]
    [InlineData("amount > 1000 && customer.tier == 'gold'", """{"amount":1500}""", false)]
    [InlineData("#customer.tier == 'gold'", """{"customer":{"tier":"gold"}}""", true)]
    [InlineData("approved == true", "{}", false)]
    public void Decision_conditions_in_rochallor_style(string expression, string variables, bool expected)
    {
        Assert.Equal(expected, Condition(expression, variables));
    }
}
