using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Weft.Worker.Tasks;

namespace Weft.Worker.Hosting;

/// <summary>Adds task classes to the worker that <see cref="WeftWorkerServiceCollectionExtensions.AddWeftWorker"/> set up.</summary>
public sealed class WeftWorkerBuilder
{
    internal WeftWorkerBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds the tasks of <typeparamref name="T"/> (its public methods marked <c>[WeftTask]</c>). For each job, an instance
    /// method's class is resolved from a new DI scope, so its constructor can take any service; it is registered as
    /// scoped unless you registered it yourself. A static class is added with <see cref="AddTasks(Type)"/>.
    /// </summary>
    public WeftWorkerBuilder AddTasks<T>()
        where T : class => AddTasks(typeof(T));

    /// <summary>Adds the tasks of <paramref name="type"/>, which may be a static class; see <see cref="AddTasks{T}"/>.</summary>
    public WeftWorkerBuilder AddTasks(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var tasks = TaskMethod.FindIn(type);
        return tasks.Count > 0
            ? AddTasks(tasks)
            : throw new TaskDefinitionException($"{type.Name} has no public method marked [WeftTask(\"name\")].");
    }

    /// <summary>Adds every task of the public classes of <paramref name="assembly"/>.</summary>
    public WeftWorkerBuilder AddTasks(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var tasks = TaskMethod.FindIn(assembly);
        return tasks.Count > 0
            ? AddTasks(tasks)
            : throw new TaskDefinitionException($"{assembly.GetName().Name} has no public method marked [WeftTask(\"name\")] in a public class.");
    }

    /// <summary>Adds task methods found with <see cref="TaskMethod.FindIn(Type)"/> or <see cref="TaskMethod.FindIn(Assembly)"/>.</summary>
    public WeftWorkerBuilder AddTasks(IEnumerable<TaskMethod> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        IReadOnlyList<TaskMethod> list = [.. tasks];
        foreach (var type in list.Where(task => !task.IsStatic).Select(task => task.DeclaringType).Distinct())
        {
            Services.TryAddScoped(type);
        }

        Services.AddSingleton(new WeftWorkerTasks(list));
        return this;
    }
}
