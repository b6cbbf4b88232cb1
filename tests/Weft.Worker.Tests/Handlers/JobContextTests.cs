using System.Text.Json.Nodes;
using Weft.Worker.Client;
using Weft.Worker.Handlers;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Handlers;

public sealed class JobContextTests
{
    [Fact]
    public void Exposes_the_job_fields_and_its_token()
    {
        using var cancellation = new CancellationTokenSource();
        var job = new ActivatedJob
        {
            Id = "j",
            JobType = "t",
            InstanceId = "i",
            StepExecutionId = "s",
            RetriesRemaining = 4,
            Variables = new JsonObject { ["a"] = 1 },
        };

        var context = new JobContext(job, cancellation.Token);

        Assert.Equal(("j", "t", "i", "s", 4), (context.Id, context.JobType, context.InstanceId, context.StepExecutionId, context.RetriesRemaining));
        Assert.Same(job.Variables, context.Variables);
        Assert.Equal(cancellation.Token, context.CancellationToken);
    }

    [Fact]
    public void A_job_without_variables_has_an_empty_object()
    {
        var context = new JobContext(new ActivatedJob { Id = "j", JobType = "t" });

        Assert.Empty(context.Variables);
    }

    [Fact]
    public void GetVariable_reads_json_primitives_and_nodes_off_the_wire()
    {
        var context = Jobs.Context("t", """
            {"count": 3, "big": 9007199254740993, "ratio": 0.5, "name": "Ada", "vip": true,
             "at": "2026-01-01T10:00:00Z", "order": {"id": 7}, "tags": ["a", "b"]}
            """);

        Assert.Equal(3, context.GetVariable<int>("count"));
        Assert.Equal(3L, context.GetVariable<long>("count"));
        Assert.Equal(3.0, context.GetVariable<double>("count"));
        Assert.Equal(9007199254740993L, context.GetVariable<long>("big"));
        Assert.Equal(0.5m, context.GetVariable<decimal>("ratio"));
        Assert.Equal("Ada", context.GetVariable<string>("name"));
        Assert.True(context.GetVariable<bool>("vip"));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), context.GetVariable<DateTimeOffset>("at"));
        Assert.Equal(7, (int)context.GetVariable<JsonObject>("order")["id"]!);
        Assert.Equal(2, context.GetVariable<JsonArray>("tags").Count);
        Assert.Equal("Ada", (string?)context.GetVariable<JsonNode>("name"));
    }

    [Fact]
    public void GetVariable_reads_values_built_in_code_as_any_type_they_fit()
    {
        var context = new JobContext(new ActivatedJob
        {
            Id = "j",
            JobType = "t",
            Variables = new JsonObject { ["count"] = 3, ["ratio"] = 2.5 },
        });

        Assert.Equal(3L, context.GetVariable<long>("count"));
        Assert.Equal(3.0, context.GetVariable<double>("count"));
        Assert.Equal(2.5m, context.GetVariable<decimal>("ratio"));
    }

    [Fact]
    public void GetVariable_throws_NonRetryableException_naming_a_missing_variable()
    {
        var context = Jobs.Context("double", """{"other": 1}""");

        var error = Assert.Throws<NonRetryableException>(() => context.GetVariable<int>("value"));

        Assert.Equal("Job type 'double' needs the variable 'value' (an integer), but the instance has no such variable.", error.Message);
    }

    [Fact]
    public void GetVariable_treats_null_as_missing()
    {
        var context = Jobs.Context("t", """{"value": null}""");

        Assert.Throws<NonRetryableException>(() => context.GetVariable<string>("value"));
        Assert.Equal("fallback", context.GetVariable("value", "fallback"));
    }

    [Theory]
    [InlineData("\"21\"", "a string: \"21\"")]
    [InlineData("2.5", "a number: 2.5")]
    [InlineData("true", "a boolean: true")]
    [InlineData("[1]", "an array: [1]")]
    [InlineData("{\"v\":1}", "an object: {\"v\":1}")]
    public void GetVariable_throws_NonRetryableException_naming_the_expected_and_actual_type(string json, string actual)
    {
        var context = Jobs.Context("double", $$"""{"value": {{json}}}""");

        var error = Assert.Throws<NonRetryableException>(() => context.GetVariable<int>("value"));

        Assert.Equal($"Job type 'double' needs the variable 'value' to be an integer, but it is {actual}.", error.Message);
    }

    [Fact]
    public void GetVariable_with_a_default_returns_it_only_when_the_variable_is_missing()
    {
        var context = Jobs.Context("t", """{"count": 3, "name": "x"}""");

        Assert.Equal(3, context.GetVariable("count", 10));
        Assert.Equal(10, context.GetVariable("absent", 10));
        Assert.Throws<NonRetryableException>(() => context.GetVariable("name", 10));
    }
}
