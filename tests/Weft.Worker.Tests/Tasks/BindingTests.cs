using System.Text.Json.Nodes;
using Weft.Worker.Handlers;
using Weft.Worker.Tasks;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Tasks;

/// <summary>How a task method's parameters get their values from the job's variables.</summary>
public sealed class BindingTests
{
    public enum Unit
    {
        Cm,
        In,
    }

    [Theory]
    [InlineData("text", """{"value":"hello"}""", "hello")]
    [InlineData("int", """{"value":42}""", "42")]
    [InlineData("long", """{"value":9007199254740993}""", "9007199254740993")]
    [InlineData("double", """{"value":2.5}""", "2.5")]
    [InlineData("double", """{"value":3}""", "3")]
    [InlineData("decimal", """{"value":0.1}""", "0.1")]
    [InlineData("bool", """{"value":true}""", "True")]
    [InlineData("datetime", """{"value":"2026-03-01T10:15:00Z"}""", "2026-03-01T10:15:00.0000000Z")]
    [InlineData("datetimeoffset", """{"value":"2026-03-01T10:15:00+02:00"}""", "2026-03-01T10:15:00.0000000+02:00")]
    [InlineData("enum", """{"value":"In"}""", "In")]
    [InlineData("list", """{"value":[1,2,3]}""", "1,2,3")]
    [InlineData("array", """{"value":["a","b"]}""", "a,b")]
    [InlineData("poco", """{"value":{"street":"Main St","number":7}}""", "Main St 7")]
    [InlineData("nullable", """{"value":5}""", "5")]
    [InlineData("nullable", """{}""", "none")]
    [InlineData("nullable", """{"value":null}""", "none")]
    [InlineData("object", """{"value":{"a":[1]}}""", """{"a":[1]}""")]
    public async Task Binds_each_supported_type_by_name_from_the_variables(string task, string variables, string expected)
    {
        var output = await RunAsync(task, variables);

        Assert.Equal(expected, (string?)output!["seen"]);
    }

    [Fact]
    public async Task A_missing_input_with_a_default_takes_the_default_and_a_given_one_overrides_it()
    {
        var defaulted = await RunAsync("defaults", "{}");
        var given = await RunAsync("defaults", """{"greeting":"Hi","times":2,"unit":"In"}""");

        Assert.Equal("Hello x1 Cm", (string?)defaulted!["seen"]);
        Assert.Equal("Hi x2 In", (string?)given!["seen"]);
    }

    [Fact]
    public async Task A_missing_required_input_fails_non_retryably_naming_the_input_and_its_type()
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("int", """{"other":1}"""));

        Assert.Equal("Task 'int' needs the input 'value' (an integer (Int32)), but the job's variables have no 'value'.", error.Message);
    }

    [Fact]
    public async Task A_null_for_a_required_input_fails_non_retryably_saying_it_is_null()
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("text", """{"value":null}"""));

        Assert.Equal("Task 'text' needs the input 'value' (a string), but it is null.", error.Message);
    }

    [Theory]
    [InlineData("int", """{"value":"21"}""", """Task 'int' needs the input 'value' to be an integer (Int32), but got a string: "21".""")]
    [InlineData("int", """{"value":2.5}""", "Task 'int' needs the input 'value' to be an integer (Int32), but got a number: 2.5.")]
    [InlineData("text", """{"value":5}""", "Task 'text' needs the input 'value' to be a string, but got a number: 5.")]
    [InlineData("bool", """{"value":"yes"}""", """Task 'bool' needs the input 'value' to be a boolean, but got a string: "yes".""")]
    [InlineData("enum", """{"value":"Feet"}""", """Task 'enum' needs the input 'value' to be one of 'Cm', 'In' (Unit), but got a string: "Feet".""")]
    [InlineData("enum", """{"value":1}""", "Task 'enum' needs the input 'value' to be one of 'Cm', 'In' (Unit), but got a number: 1.")]
    [InlineData("datetime", """{"value":"yesterday"}""", """Task 'datetime' needs the input 'value' to be an ISO-8601 date and time (DateTime), but got a string: "yesterday".""")]
    [InlineData("list", """{"value":"1,2"}""", """Task 'list' needs the input 'value' to be an array (List<Int32>), but got a string: "1,2".""")]
    [InlineData("object", """{"value":[1]}""", "Task 'object' needs the input 'value' to be an object, but got an array: [1].")]
    public async Task A_value_of_the_wrong_type_fails_non_retryably_naming_the_input_the_type_and_the_value(string task, string variables, string message)
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync(task, variables));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_poco_that_does_not_fit_says_where_inside_it()
    {
        var error = await Assert.ThrowsAsync<NonRetryableException>(() => RunAsync("poco", """{"value":{"street":"Main St","number":"seven"}}"""));

        Assert.StartsWith("""Task 'poco' needs the input 'value' to be an object (Address), but got an object: {"street":"Main St","number":"seven"} (at $.number""", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_parameter_may_be_the_job_context_and_a_cancellation_token_may_follow()
    {
        var output = await RunAsync("context", """{"value":"x"}""");

        Assert.Equal("job-1 instance-1 3 x False", (string?)output!["seen"]);
    }

    [Fact]
    public async Task The_variables_a_task_changes_are_its_own_copy()
    {
        var context = Jobs.Context("mutate", """{"value":{"a":1}}""");

        await Find("mutate").InvokeAsync(null, context);

        Assert.Equal(1, (int)context.Variables["value"]!["a"]!);
    }

    private static async Task<JsonObject?> RunAsync(string task, string variables) =>
        await Find(task).InvokeAsync(null, Jobs.Context(task, variables));

    private static TaskMethod Find(string name) => TaskMethod.FindIn(typeof(Bound)).Single(t => t.Name == name);

    public sealed record Address(string Street, int Number);

    public static class Bound
    {
        [WeftTask("text")]
        public static JsonObject Text(string value) => Out(value);

        [WeftTask("int")]
        public static JsonObject Int(int value) => Out(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        [WeftTask("long")]
        public static JsonObject Long(long value) => Out(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        [WeftTask("double")]
        public static JsonObject Double(double value) => Out(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        [WeftTask("decimal")]
        public static JsonObject Decimal(decimal value) => Out(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        [WeftTask("bool")]
        public static JsonObject Bool(bool value) => Out(value.ToString());

        [WeftTask("datetime")]
        public static JsonObject DateTimeValue(DateTime value) => Out(value.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        [WeftTask("datetimeoffset")]
        public static JsonObject DateTimeOffsetValue(DateTimeOffset value) => Out(value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        [WeftTask("enum")]
        public static JsonObject Enum(Unit value) => Out(value.ToString());

        [WeftTask("list")]
        public static JsonObject List(List<int> value) => Out(string.Join(',', value));

        [WeftTask("array")]
        public static JsonObject Array(string[] value) => Out(string.Join(',', value));

        [WeftTask("poco")]
        public static JsonObject Poco(Address value) => Out($"{value.Street} {value.Number}");

        [WeftTask("nullable")]
        public static JsonObject Nullable(int? value) => Out(value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");

        [WeftTask("object")]
        public static JsonObject Object(JsonObject value) => Out(value.ToJsonString());

        [WeftTask("defaults")]
        public static JsonObject Defaults(string greeting = "Hello", int times = 1, Unit unit = Unit.Cm) => Out($"{greeting} x{times} {unit}");

        [WeftTask("context")]
        public static JsonObject Context(IJobContext context, string value, CancellationToken token) =>
            Out($"{context.JobId} {context.InstanceId} {context.RetriesRemaining} {value} {token.IsCancellationRequested}");

        [WeftTask("mutate")]
        public static void Mutate(JsonObject value) => value["a"] = 2;

        private static JsonObject Out(string seen) => new() { ["seen"] = seen };
    }
}
