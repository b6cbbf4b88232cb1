using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Weft.Worker.Client;
using Weft.Worker.Handlers;

namespace Weft.Worker.Tasks;

/// <summary>
/// What a task method returns and how it becomes output variables: nothing (<c>void</c>, <c>Task</c>,
/// <c>ValueTask</c>), or an object or dictionary (also inside <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>)
/// whose properties or entries are the outputs.
/// </summary>
internal sealed class TaskResult
{
    private readonly Type? _valueType;
    private readonly PropertyInfo? _taskResult;
    private readonly MethodInfo? _asTask;

    private TaskResult(Type? valueType, PropertyInfo? taskResult, MethodInfo? asTask, IReadOnlyList<CatalogOutput> outputs)
    {
        _valueType = valueType;
        _taskResult = taskResult;
        _asTask = asTask;
        Outputs = outputs;
    }

    /// <summary>The outputs the catalog shows: the public properties of the returned type; none for a dictionary or <c>object</c>.</summary>
    public IReadOnlyList<CatalogOutput> Outputs { get; }

    public static TaskResult Of(MethodInfo method, string display)
    {
        var type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask))
        {
            return new TaskResult(null, null, type == typeof(ValueTask) ? type.GetMethod(nameof(ValueTask.AsTask)) : null, []);
        }

        PropertyInfo? taskResult = null;
        MethodInfo? asTask = null;
        var valueType = type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            valueType = type.GetGenericArguments()[0];
            taskResult = type.GetProperty(nameof(Task<object>.Result));
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            valueType = type.GetGenericArguments()[0];
            asTask = type.GetMethod(nameof(ValueTask<object>.AsTask));
            taskResult = typeof(Task<>).MakeGenericType(valueType).GetProperty(nameof(Task<object>.Result));
        }

        return new TaskResult(valueType, taskResult, asTask, OutputsOf(valueType, display));
    }

    /// <summary>Awaits what the method returned and gives its value (null for a method that returns nothing).</summary>
    public async Task<object?> AwaitAsync(object? returned)
    {
        if (_asTask is not null && returned is not null)
        {
            returned = _asTask.Invoke(returned, null);
        }

        if (returned is Task task)
        {
            await task;
            return _taskResult?.GetValue(task);
        }

        return _valueType is null ? null : returned;
    }

    /// <summary>The output variables of <paramref name="value"/>; null for none.</summary>
    public static JsonObject? ToOutputs(object? value, string task)
    {
        if (value is null)
        {
            return null;
        }

        var node = value as JsonNode ?? JsonSerializer.SerializeToNode(value, value.GetType(), TaskJson.Options);
        return node as JsonObject ?? throw new NonRetryableException(
            $"Task '{task}' returned {TaskJson.DescribeValue(node)}; a task returns an object or a dictionary, whose properties become output variables.");
    }

    private static IReadOnlyList<CatalogOutput> OutputsOf(Type type, string display)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type))
        {
            // Known only when it runs (a JsonObject, a dictionary, an anonymous object...).
            return typeof(JsonValue).IsAssignableFrom(type) || type == typeof(JsonArray) ? throw NotAnObject(type, display) : [];
        }

        JsonTypeInfo info;
        try
        {
            info = TaskJson.Options.GetTypeInfo(type);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new TaskDefinitionException($"{display}: its return type {TaskJson.FriendlyName(type)} cannot be written as JSON ({ex.Message})", ex);
        }

        return info.Kind switch
        {
            JsonTypeInfoKind.Dictionary => [],
            JsonTypeInfoKind.Object => [.. info.Properties.Where(p => p.Get is not null).Select(p => new CatalogOutput
            {
                Name = p.Name,
                Type = TaskJson.CatalogTypeOf(p.PropertyType),
                Description = p.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true)
                    .OfType<DescriptionAttribute>().FirstOrDefault()?.Description,
            })],
            _ => throw NotAnObject(type, display),
        };
    }

    private static TaskDefinitionException NotAnObject(Type type, string display) => new(
        $"{display}: it returns {TaskJson.FriendlyName(type)}, but a task returns an object or a dictionary whose properties become output variables " +
        $"(e.g. a record such as DoubleResult(long Value)), or nothing.");
}
