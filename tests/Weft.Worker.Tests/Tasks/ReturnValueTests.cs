using System.Text.Json.Nodes;
using Weft.Worker.Handlers;
using Weft.Worker.Tasks;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Tasks;

/// <summary>What a task method returns becomes output variables; async methods are awaited.</summary>
public sealed class ReturnValueTests
{
    [Theory]
    [InlineData("record")]
    [InlineData("task-of-record")]
    [InlineData("valuetask-of-record")]
    public async Task An_object_or_an_awaited_object_becomes_output_variables_by_its_camel_case_properties(string task)
    {
        var output = await RunAsync(task);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"total":3,"unitPrice":1.5,"tags":["a"]}"""), output), output?.ToJsonString());
    }

    [Fact]
    public async Task A_dictionary_becomes_output_variables_by_its_keys()
    {
        var output = await RunAsync("dictionary");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"first":1,"second":2}"""), output), output?.ToJsonString());
    }

    [Fact]
    public async Task A_json_object_is_returned_as_it_is()
    {
        var output = await RunAsync("json");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Exact":"Case"}"""), output), output?.ToJsonString());
    }

    [Theory]
    [InlineData("void")]
    [InlineData("task")]
    [InlineData("valuetask")]
    [InlineData("null-object")]
    public async Task Void_task_valuetask_and_null_give_no_output_variables_but_the_method_runs(string task)
    {
        Returns.Ran.Clear();

        var output = await RunAsync(task);

        Assert.Null(output);
        Assert.Contains(task, Returns.Ran);
    }

    [Fact]
    public async Task An_object_known_only_at_run_time_that_is_not_an_object_fails_non_retryably()
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("number-as-object"));

        Assert.Equal("Task 'number-as-object' returned a number: 5; a task returns an object or a dictionary, whose properties become output variables.", error.Message);
    }

    [Fact]
    public async Task What_an_async_task_throws_comes_out_as_it_is()
    {
        var error = await Assert.ThrowsAsync<DivideByZeroException>(() => RunAsync("async-throws"));

        Assert.Equal("Attempted to divide by zero.", error.Message);
    }

    [Fact]
    public async Task The_handler_registry_reports_a_task_exception_with_its_type_and_message_and_keeps_non_retryable_ones()
    {
        var registry = new HandlerRegistry();
        foreach (var task in TaskMethod.FindIn(typeof(Returns)))
        {
            registry.Register(task);
        }

        Assert.True(registry.TryGetHandler("async-throws", out var throws));
        Assert.True(registry.TryGetHandler("refuses", out var refuses));
        var failed = await Assert.ThrowsAsync<TaskFailedException>(() => throws(Jobs.Context("async-throws"), CancellationToken.None));
        var refused = await Assert.ThrowsAsync<NonRetryableException>(() => refuses(Jobs.Context("refuses"), CancellationToken.None));

        Assert.Equal("DivideByZeroException: Attempted to divide by zero.", failed.Message);
        Assert.IsType<DivideByZeroException>(failed.InnerException);
        Assert.Equal("no", refused.Message);
    }

    private static async Task<JsonObject?> RunAsync(string task) =>
        await TaskMethod.FindIn(typeof(Returns)).Single(t => t.Name == task).InvokeAsync(null, Jobs.Context(task));

    public sealed record Totals(int Total, double UnitPrice, string[] Tags);

    public static class Returns
    {
        public static readonly System.Collections.Concurrent.ConcurrentBag<string> Ran = [];

        [WeftTask("record")]
        public static Totals Record() => new(3, 1.5, ["a"]);

        [WeftTask("task-of-record")]
        public static async Task<Totals> TaskOfRecord()
        {
            await Task.Yield();
            return new Totals(3, 1.5, ["a"]);
        }

        [WeftTask("valuetask-of-record")]
        public static async ValueTask<Totals> ValueTaskOfRecord()
        {
            await Task.Yield();
            return new Totals(3, 1.5, ["a"]);
        }

        [WeftTask("dictionary")]
        public static Dictionary<string, int> Dictionary() => new() { ["first"] = 1, ["second"] = 2 };

        [WeftTask("json")]
        public static JsonObject Json() => new() { ["Exact"] = "Case" };

        [WeftTask("void")]
        public static void Void() => Ran.Add("void");

        [WeftTask("task")]
        public static async Task TaskOnly()
        {
            await Task.Yield();
            Ran.Add("task");
        }

        [WeftTask("valuetask")]
        public static async ValueTask ValueTaskOnly()
        {
            await Task.Yield();
            Ran.Add("valuetask");
        }

        [WeftTask("null-object")]
        public static object? NullObject()
        {
            Ran.Add("null-object");
            return null;
        }

        [WeftTask("number-as-object")]
        public static object NumberAsObject() => 5;

        [WeftTask("async-throws")]
        public static async Task<Totals> AsyncThrows()
        {
            await Task.Yield();
            throw new DivideByZeroException();
        }

        [WeftTask("refuses")]
        public static void Refuses() => throw new NonRetryableException("no");
    }
}
