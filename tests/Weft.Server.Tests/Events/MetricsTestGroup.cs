namespace Weft.Server.Tests.Events;

/// <summary>Tests that read process-wide metrics, run when no other test runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsTestGroup
{
    public const string Name = "Metrics";
}
