using Weft.Engine.Definitions;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Storage;

namespace Weft.Engine;

/// <summary>The engine, assembled over a store: the one object a host (server, tests) creates.</summary>
public sealed class WeftEngine
{
    public WeftEngine(IWeftStore store, TimeProvider time, WeftEngineOptions options)
    {
        Store = store;
        Time = time;
        Availability = new JobAvailability();
        Definitions = new DefinitionService(store, time);
        var steps = new StepEntry(time, options);
        Instances = new InstanceService(store, Definitions, steps, Availability, time, options);
        Jobs = new JobService(store, Definitions, steps, Availability, time, options);
    }

    public IWeftStore Store { get; }

    /// <summary>The clock every engine decision reads (tests move it by hand).</summary>
    public TimeProvider Time { get; }

    public JobAvailability Availability { get; }

    public DefinitionService Definitions { get; }

    public InstanceService Instances { get; }

    public JobService Jobs { get; }
}
