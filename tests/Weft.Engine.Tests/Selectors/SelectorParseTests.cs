using Weft.Engine.Selectors;

namespace Weft.Engine.Tests.Selectors;

/// <summary>How <c>INSTANCE/STEP[:STATUS]</c> is read, and what a selector that cannot be read is told.</summary>
public sealed class SelectorParseTests
{
    [Fact]
    public void An_instance_alone_selects_every_step_of_it_in_any_state()
    {
        var selector = Selector.Parse("order-42");

        Assert.Equal(("order-42", false, "*", (StepState?)null), (selector.Instance.Text, selector.Instance.IsGlob, selector.Step, selector.State));
    }

    [Fact]
    public void Instance_step_and_status_are_split_at_the_last_slash_and_colon()
    {
        var selector = Selector.Parse("tenant/a/order-*/charge-*:failed");

        Assert.Equal(("tenant/a/order-*", true, "charge-*", (StepState?)StepState.Failed), (selector.Instance.Text, selector.Instance.IsGlob, selector.Step, selector.State));
    }

    [Theory]
    [InlineData("waiting", StepState.Waiting)]
    [InlineData("running", StepState.Running)]
    [InlineData("failed", StepState.Failed)]
    [InlineData("held", StepState.Held)]
    [InlineData("completed", StepState.Completed)]
    [InlineData("RUNNING", StepState.Running)]
    public void Each_status_is_read_whatever_its_case(string name, StepState expected)
    {
        Assert.Equal(expected, Selector.Parse($"*/*:{name}").State);
    }

    [Fact]
    public void A_question_mark_makes_the_instance_a_glob_and_a_plain_id_is_not_one()
    {
        Assert.True(Selector.Parse("order-?/a").Instance.IsGlob);
        Assert.False(Selector.Parse("3f2a9c/a").Instance.IsGlob);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("   ", "it is empty")]
    [InlineData(" order-1/a", "it has control characters or spaces at its ends")]
    [InlineData("order-1/a\n", "it has control characters or spaces at its ends")]
    [InlineData("order\u00011/a", "it has control characters or spaces at its ends")]
    [InlineData("/a", "the INSTANCE before '/' is empty (use '*' for every instance)")]
    [InlineData("order-1/", "the STEP after '/' is empty (use '*' for every step)")]
    [InlineData("order-1/:failed", "the STEP after '/' is empty (use '*' for every step)")]
    [InlineData("order-1/a:broken", "the STATUS 'broken' is unknown; use one of waiting, running, failed, held, completed")]
    [InlineData("order-1/a:", "the STATUS '' is unknown; use one of waiting, running, failed, held, completed")]
    public void A_selector_that_cannot_be_read_is_invalid_input_that_says_why_and_shows_the_syntax(string text, string why)
    {
        var error = Assert.Throws<WeftException>(() => Selector.Parse(text));

        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.Equal($"The selector '{text}' cannot be read: {why}. Write {Selector.Syntax}.", error.Message);
    }

    [Fact]
    public void A_selector_over_the_length_limit_is_refused_with_the_limit()
    {
        var text = new string('a', Selector.MaxLength + 1);

        var error = Assert.Throws<WeftException>(() => Selector.Parse(text));

        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.Equal("The selector is 513 characters long; the limit is 512. Use a glob such as 'order-*/*'.", error.Message);
    }

    [Theory]
    [InlineData("charge-*", "charge-card", true)]
    [InlineData("charge-*", "refund-card", false)]
    [InlineData("*", "anything", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("a*b*c", "a-b-b-c", true)]
    [InlineData("a*b*c", "a-b-b-d", false)]
    [InlineData("charge_card", "charge-card", false)]
    [InlineData("charge.card", "chargeXcard", false)]
    public void A_step_glob_matches_star_as_any_run_and_question_mark_as_one_character(string step, string stepId, bool matches)
    {
        Assert.Equal(matches, Selector.Parse($"*/{step}").MatchesStep(stepId));
    }

    [Fact]
    public void A_glob_with_many_stars_against_a_long_text_that_misses_answers_quickly()
    {
        var pattern = string.Concat(Enumerable.Repeat("a*", 200)) + "b";
        var text = new string('a', 10_000);

        Assert.False(Glob.IsMatch(pattern, text));
    }
}
