using System.Text.Json.Nodes;
using Weft.Samples;
using Weft.Testing;
using Weft.Worker.Handlers;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Samples;

public sealed class SampleHandlersTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    private readonly HandlerRegistry _registry = SampleHandlers.Register(new HandlerRegistry(), Clock);

    [Fact]
    public void Registers_the_demo_job_types()
    {
        Assert.Equal(["echo", "double", "reporting_task", "error_placeholder", "zero_division"], _registry.JobTypes);
        Assert.Equal(_registry.JobTypes, SampleHandlers.Register(new HandlerRegistry()).JobTypes);
    }

    [Fact]
    public async Task Echo_returns_the_variables_marked_echoed()
    {
        var output = await RunAsync("echo", """{"orderId": "o-1", "value": 21}""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"orderId": "o-1", "value": 21, "echoed": true}"""), output));
    }

    [Theory]
    [InlineData(21, 42)]
    [InlineData(-4, -8)]
    [InlineData(3_000_000_000, 6_000_000_000)]
    public async Task Double_doubles_the_integer_value(long value, long doubled)
    {
        var output = await RunAsync("double", $$"""{"value": {{value}}}""");

        Assert.Equal(doubled, (long)output!["value"]!);
    }

    [Theory]
    [InlineData("""{}""", "needs the variable 'value' (an integer), but the instance has no such variable")]
    [InlineData("""{"value": "21"}""", "needs the variable 'value' to be an integer, but it is a string")]
    [InlineData("""{"value": 2.5}""", "needs the variable 'value' to be an integer, but it is a number")]
    [InlineData("""{"value": 9223372036854775807}""", "does not fit in a 64-bit integer")]
    public async Task Double_rejects_a_missing_or_wrong_value_as_non_retryable(string variables, string message)
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("double", variables));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reporting_task_returns_a_small_report()
    {
        var output = await RunAsync("reporting_task", """{"a": 1, "b": 2}""");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"report": {"instanceId": "instance-1", "items": 2, "generatedAt": "2026-03-04T05:06:07.0000000+00:00"}}"""),
            output));
    }

    [Fact]
    public async Task Error_placeholder_always_fails_retryably()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync("error_placeholder", "{}"));

        Assert.Contains("error_placeholder always fails", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_division_divides()
    {
        var output = await RunAsync("zero_division", """{"numerator": 10, "denominator": 4}""");

        Assert.Equal(2.5, (double)output!["quotient"]!);
    }

    [Fact]
    public async Task Zero_division_by_zero_is_non_retryable()
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("zero_division", """{"numerator": 1, "denominator": 0}"""));

        Assert.StartsWith("cannot divide by zero", error.Message, StringComparison.Ordinal);
    }

    private Task<JsonObject?> RunAsync(string jobType, string variables)
    {
        Assert.True(_registry.TryGetHandler(jobType, out var handler));
        return handler(Jobs.Context(jobType, variables), CancellationToken.None);
    }
}
