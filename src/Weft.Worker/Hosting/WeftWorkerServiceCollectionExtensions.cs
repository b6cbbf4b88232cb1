using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Weft.Worker.Hosting;

public static class WeftWorkerServiceCollectionExtensions
{
    /// <summary>
    /// Runs a Weft worker in the generic host: at start it checks the options, publishes the tasks' catalog and starts
    /// the runner; when the host stops it drains the running jobs, and when the host's shutdown timeout ends first it
    /// aborts them (their shutdown token fires; they are not reported). Add tasks with
    /// <see cref="WeftWorkerBuilder.AddTasks{T}"/>. One worker per host.
    /// </summary>
    public static WeftWorkerBuilder AddWeftWorker(this IServiceCollection services, Action<WeftWorkerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<WeftWorkerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeftWorkerOptions>, WeftWorkerOptionsValidator>());
        services.AddHostedService<WeftWorkerService>();
        return new WeftWorkerBuilder(services);
    }
}
