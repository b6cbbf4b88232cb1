using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using Weft.Worker.Client;
using Weft.Worker.Handlers;

namespace Weft.Worker.Tasks;

/// <summary>
/// A public method marked <see cref="WeftTaskAttribute"/>: the task's catalog entry, and how to run it for a job (bind
/// its parameters from the job's variables, call it, await it, turn what it returns into output variables).
/// </summary>
public sealed class TaskMethod
{
    private readonly TaskParameter[] _parameters;
    private readonly TaskResult _result;

    private TaskMethod(MethodInfo method, WeftTaskAttribute attribute, string @namespace, string display)
    {
        Method = method;
        Name = attribute.Name;
        Namespace = @namespace;
        _parameters = [.. method.GetParameters().Select(p => TaskParameter.Of(p, display))];
        _result = TaskResult.Of(method, display);
        Catalog = new CatalogTask
        {
            Name = Name,
            Description = attribute.Description ?? method.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Version = attribute.Version,
            Timeout = attribute.Timeout,
            Inputs = [.. _parameters.Select(p => p.Catalog).OfType<CatalogInput>()],
            Outputs = _result.Outputs,
        };
    }

    /// <summary>The task's name: the job type its jobs have.</summary>
    public string Name { get; }

    /// <summary>The catalog namespace: the class's <see cref="WeftModuleAttribute"/>, else its assembly's name.</summary>
    public string Namespace { get; }

    public MethodInfo Method { get; }

    public Type DeclaringType => Method.DeclaringType!;

    /// <summary>A static method needs no instance of its class.</summary>
    public bool IsStatic => Method.IsStatic;

    /// <summary>What the catalog shows of the task: typed inputs with defaults and allowed values, and outputs.</summary>
    public CatalogTask Catalog { get; }

    /// <summary>
    /// Every task of the public classes of <paramref name="assembly"/>. Throws <see cref="TaskDefinitionException"/>
    /// for a task that cannot run as written, and for two tasks with the same name.
    /// </summary>
    public static IReadOnlyList<TaskMethod> FindIn(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Unique([.. assembly.GetExportedTypes().Where(t => t.IsClass).OrderBy(t => t.FullName, StringComparer.Ordinal).SelectMany(FindInType)]);
    }

    /// <summary>Every task of <paramref name="type"/> (its public methods marked <see cref="WeftTaskAttribute"/>).</summary>
    public static IReadOnlyList<TaskMethod> FindIn(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Unique(FindInType(type));
    }

    /// <summary>
    /// Runs the task for the job of <paramref name="context"/>: <paramref name="target"/> is the instance of its class
    /// (null for a static method). Returns the output variables (null for none). A missing or mistyped input throws
    /// <see cref="NonRetryableException"/>; what the method throws comes out as it is.
    /// </summary>
    public async Task<JsonObject?> InvokeAsync(object? target, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsStatic && target is null)
        {
            throw new ArgumentNullException(nameof(target), $"Task '{Name}' is an instance method of {DeclaringType.Name}: pass an instance.");
        }

        // A CancellationToken parameter stops on either reason to stop.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, context.ShutdownToken);
        var arguments = new object?[_parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _parameters[i].Bind(Name, context, either.Token);
        }

        var returned = Method.Invoke(IsStatic ? null : target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        return TaskResult.ToOutputs(await _result.AwaitAsync(returned), Name);
    }

    public override string ToString() => $"{Name} ({DeclaringType.Name}.{Method.Name})";

    private static IEnumerable<TaskMethod> FindInType(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var marked = type.GetMethods(all)
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<WeftTaskAttribute>()))
            .Where(m => m.Attribute is not null)
            .OrderBy(m => m.Method.MetadataToken)
            .ToList();
        if (marked.Count == 0)
        {
            yield break;
        }

        var @namespace = NamespaceOf(type);
        foreach (var (method, attribute) in marked)
        {
            var display = $"{type.Name}.{method.Name}";
            Check(method, attribute!, display);
            yield return new TaskMethod(method, attribute!, @namespace, display);
        }
    }

    private static string NamespaceOf(Type type)
    {
        if (type.GetCustomAttribute<WeftModuleAttribute>() is { } module)
        {
            return CatalogNames.IsNamespace(module.Namespace)
                ? module.Namespace
                : throw new TaskDefinitionException($"{type.Name}: [WeftModule(\"{module.Namespace}\")] is not a namespace: {CatalogNames.NamespaceRule}.");
        }

        var assemblyName = type.Assembly.GetName().Name ?? "";
        return CatalogNames.IsNamespace(assemblyName)
            ? assemblyName
            : throw new TaskDefinitionException($"{type.Name}: its assembly's name '{assemblyName}' is not a catalog namespace ({CatalogNames.NamespaceRule}); name one with [WeftModule(\"...\")].");
    }

    private static void Check(MethodInfo method, WeftTaskAttribute attribute, string display)
    {
        if (!CatalogNames.IsTaskName(attribute.Name))
        {
            throw new TaskDefinitionException($"{display}: [WeftTask(\"{attribute.Name}\")] is not a task name: {CatalogNames.TaskNameRule}");
        }

        if (!method.IsPublic || !(method.DeclaringType?.IsVisible ?? false))
        {
            throw new TaskDefinitionException($"{display}: task '{attribute.Name}' must be a public method of a public class.");
        }

        if (method.IsGenericMethodDefinition)
        {
            throw new TaskDefinitionException($"{display}: task '{attribute.Name}' is a generic method; a task's types must be known.");
        }

        if (!method.IsStatic && method.DeclaringType!.IsAbstract)
        {
            throw new TaskDefinitionException($"{display}: task '{attribute.Name}' is an instance method of an abstract class, which cannot be created; make it static or the class concrete.");
        }

        if (attribute.Timeout is { } timeout && !CatalogNames.IsDuration(timeout))
        {
            throw new TaskDefinitionException($"{display}: the timeout '{timeout}' of task '{attribute.Name}' is not a positive ISO-8601 duration such as PT30S or PT5M.");
        }
    }

    private static List<TaskMethod> Unique(IEnumerable<TaskMethod> tasks)
    {
        var list = tasks.ToList();
        if (list.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new TaskDefinitionException($"Two methods are task '{twice.Key}': {string.Join(" and ", twice.Select(t => $"{t.DeclaringType.Name}.{t.Method.Name}"))}. A task name is a job type and must be unique.");
        }

        return list;
    }
}
