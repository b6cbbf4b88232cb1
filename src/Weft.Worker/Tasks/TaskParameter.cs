using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Weft.Worker.Client;
using Weft.Worker.Handlers;

namespace Weft.Worker.Tasks;

/// <summary>
/// One parameter of a task method and how it gets its value: the <see cref="IJobContext"/>, a cancellation token, or
/// an input bound by name from the job's variables.
/// </summary>
internal sealed class TaskParameter
{
    private static readonly NullabilityInfoContext Nullability = new();

    private readonly Kind _kind;
    private readonly object? _defaultValue;
    private readonly bool _hasDefault;

    private TaskParameter(ParameterInfo parameter, Kind kind)
    {
        Parameter = parameter;
        _kind = kind;
        if (kind != Kind.Input)
        {
            return;
        }

        var type = parameter.ParameterType;
        Nullable = System.Nullable.GetUnderlyingType(type) is not null
            || (!type.IsValueType && Nullability.Create(parameter).WriteState == NullabilityState.Nullable);
        _hasDefault = parameter.HasDefaultValue;
        if (_hasDefault)
        {
            _defaultValue = DefaultOf(parameter);
        }

        Catalog = new CatalogInput
        {
            Name = Name,
            Type = TaskJson.CatalogTypeOf(type),
            Required = !_hasDefault && !Nullable,
            Default = _defaultValue is null ? null : JsonSerializer.SerializeToNode(_defaultValue, type, TaskJson.Options),
            AllowedValues = (System.Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType
                ? new JsonArray([.. Enum.GetNames(enumType).Select(name => JsonValue.Create(name))])
                : null,
            Description = parameter.GetCustomAttribute<DescriptionAttribute>()?.Description,
        };
    }

    private enum Kind
    {
        Context,
        Cancellation,
        Input,
    }

    public ParameterInfo Parameter { get; }

    public string Name => Parameter.Name!;

    public bool Nullable { get; }

    /// <summary>The catalog entry of an input; null for the context and a cancellation token.</summary>
    public CatalogInput? Catalog { get; }

    /// <summary>How <paramref name="parameter"/> (of <paramref name="method"/>) gets its value; throws when it cannot get one.</summary>
    public static TaskParameter Of(ParameterInfo parameter, string method)
    {
        var type = parameter.ParameterType;
        if (type.IsByRef || type.IsPointer || type.IsByRefLike || parameter.IsOut)
        {
            throw new TaskDefinitionException($"{method}: the parameter '{parameter.Name}' is {TaskJson.FriendlyName(type)}; ref, out, in and pointer parameters cannot be bound from variables.");
        }

        if (type == typeof(IJobContext) || type == typeof(JobContext))
        {
            return parameter.Position == 0
                ? new TaskParameter(parameter, Kind.Context)
                : throw new TaskDefinitionException($"{method}: the {TaskJson.FriendlyName(type)} parameter '{parameter.Name}' must be the first parameter.");
        }

        if (type == typeof(CancellationToken))
        {
            return new TaskParameter(parameter, Kind.Cancellation);
        }

        if (type.ContainsGenericParameters)
        {
            throw new TaskDefinitionException($"{method}: the parameter '{parameter.Name}' has an open generic type.");
        }

        JsonTypeInfo info;
        try
        {
            info = TaskJson.Options.GetTypeInfo(type);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new TaskDefinitionException($"{method}: the parameter '{parameter.Name}' of type {TaskJson.FriendlyName(type)} cannot be read from JSON ({ex.Message})", ex);
        }

        // System.Text.Json accepts these types when asked for their contract and fails only on the first value: refuse
        // them here, before any job, rather than fail every job that runs the task.
        if (CannotBeRead(type, info) is { } why)
        {
            throw new TaskDefinitionException($"{method}: the parameter '{parameter.Name}' of type {TaskJson.FriendlyName(type)} cannot be read from JSON ({why}).");
        }

        return new TaskParameter(parameter, Kind.Input);
    }

    private static string? CannotBeRead(Type type, JsonTypeInfo info)
    {
        var plain = System.Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(Delegate).IsAssignableFrom(plain))
        {
            return "a delegate is code, not data";
        }

        if (typeof(Task).IsAssignableFrom(plain) || plain == typeof(ValueTask) || (plain.IsGenericType && plain.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return "a task is not a value";
        }

        if (typeof(MemberInfo).IsAssignableFrom(plain) || plain == typeof(IntPtr) || plain == typeof(UIntPtr) || typeof(Stream).IsAssignableFrom(plain))
        {
            return "System.Text.Json does not read this type";
        }

        return info.Kind == JsonTypeInfoKind.Object && (plain.IsInterface || plain.IsAbstract)
            ? "an interface or abstract class cannot be created; take a concrete type"
            : null;
    }

    /// <summary>The argument for one job; a missing required input or a value of the wrong type throws <see cref="NonRetryableException"/>.</summary>
    public object? Bind(string task, IJobContext context, CancellationToken cancellationToken)
    {
        switch (_kind)
        {
            case Kind.Context:
                return context;
            case Kind.Cancellation:
                return cancellationToken;
        }

        var type = Parameter.ParameterType;
        if (!context.Variables.TryGetPropertyValue(Name, out var node) || node is null)
        {
            if (_hasDefault)
            {
                return _defaultValue;
            }

            if (Nullable)
            {
                return null;
            }

            var why = node is null && context.Variables.ContainsKey(Name) ? "it is null" : $"the job's variables have no '{Name}'";
            throw new NonRetryableException($"Task '{task}' needs the input '{Name}' ({TaskJson.Describe(type)}), but {why}.");
        }

        return Convert(node, type, task);
    }

    private object? Convert(JsonNode node, Type type, string task)
    {
        if (typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object))
        {
            // A copy: what the task does to it must not change the context's variables.
            return type.IsInstanceOfType(node) ? node.DeepClone() : throw Mismatch(node, type, task, detail: null);
        }

        try
        {
            return JsonSerializer.Deserialize(node, type, TaskJson.Options);
        }
        catch (JsonException ex)
        {
            var catalogType = TaskJson.CatalogTypeOf(type);
            var nested = catalogType is CatalogType.Object or CatalogType.Array && node.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array;
            throw Mismatch(node, type, task, nested ? Detail(ex) : null);
        }
    }

    private NonRetryableException Mismatch(JsonNode node, Type type, string task, string? detail) =>
        new($"Task '{task}' needs the input '{Name}' to be {TaskJson.Describe(type)}, but got {TaskJson.DescribeValue(node)}{detail}.");

    /// <summary>Where inside an object or array the value did not fit, and why, from System.Text.Json's message.</summary>
    private static string Detail(JsonException ex)
    {
        var message = ex.Message;
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = (end >= 0 ? message[..end] : message).TrimEnd('.');
        return ex.Path is { Length: > 1 } path ? $" (at {path}: {reason})" : $" ({reason})";
    }

    private static object? DefaultOf(ParameterInfo parameter)
    {
        var type = System.Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var value = parameter.DefaultValue;
        if (value is null || value is DBNull || value == Missing.Value)
        {
            // "= default" of a struct: its zero value; of a reference or Nullable<T>: null.
            return parameter.ParameterType.IsValueType && System.Nullable.GetUnderlyingType(parameter.ParameterType) is null
                ? Activator.CreateInstance(parameter.ParameterType)
                : null;
        }

        return type.IsEnum && value.GetType() != type ? Enum.ToObject(type, value) : value;
    }
}
