using System.Diagnostics.Metrics;
using Weft.Engine.Advancing;
using Weft.Engine.Catalog;
using Weft.Engine.Definitions;
using Weft.Engine.Events;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Selectors;
using Weft.Engine.Storage;
using Weft.Engine.Timers;
using Weft.Engine.UserTasks;
using Weft.Engine.Workers;

namespace Weft.Engine;

/// <summary>The engine, assembled over a store: the one object a host (server, tests) creates.</summary>
public sealed class WeftEngine : IAsyncDisposable
{
    private readonly InstanceRuntime _runtime;

    /// <param name="meters">Where the <see cref="WeftMetrics"/> meter comes from (a host's); a meter of its own when null.</param>
    public WeftEngine(IWeftStore store, TimeProvider time, WeftEngineOptions options, IMeterFactory? meters = null)
    {
        Store = store;
        Time = time;
        Availability = new JobAvailability(time);
        Definitions = new DefinitionService(store, time);
        var metrics = new WeftMetrics(store, time, meters);
        Events = new EventService(store, time, options, metrics);
        var runtime = _runtime = new InstanceRuntime(store, Definitions, new InstanceAdvancer(time, options), Availability, time, Events.Committed);
        Instances = new InstanceService(store, Definitions, runtime, options, time);
        Workers = new WorkerService(store, time);
        Jobs = new JobService(store, runtime, Availability, Workers, time, options, metrics);
        UserTasks = new UserTaskService(store, runtime, options);
        Timers = new TimerService(store, runtime, time);
        Catalog = new CatalogService(store, time);
        Selectors = new SelectorService(store, Definitions);
    }

    public IWeftStore Store { get; }

    /// <summary>The clock every engine decision reads (tests move it by hand).</summary>
    public TimeProvider Time { get; }

    public JobAvailability Availability { get; }

    public DefinitionService Definitions { get; }

    public InstanceService Instances { get; }

    public JobService Jobs { get; }

    public UserTaskService UserTasks { get; }

    public TimerService Timers { get; }

    public CatalogService Catalog { get; }

    public WorkerService Workers { get; }

    /// <summary>The event table and the live stream over it; and the metrics its events feed.</summary>
    public EventService Events { get; }

    public SelectorService Selectors { get; }

    /// <summary>Lets the changes already queued commit (and the polls being recorded), then stops taking new ones.</summary>
    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await Workers.FlushAsync();
        await Events.DisposeAsync();
        Events.Metrics.Dispose();
    }
}
