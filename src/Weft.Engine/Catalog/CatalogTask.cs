namespace Weft.Engine.Catalog;

/// <summary>
/// A task that workers publish: what it is called, what it reads and what it returns. Its <see cref="Name"/> is the
/// job type of its jobs: a SERVICE_TASK whose job type is <c>double</c> runs the task <c>double</c>.
/// </summary>
public sealed record CatalogTask
{
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public string? Version { get; init; }

    /// <summary>An ISO-8601 duration, as a step's <c>timeout</c>: how long its jobs may run.</summary>
    public string? Timeout { get; init; }

    public IReadOnlyList<TaskInput> Inputs { get; init; } = [];

    public IReadOnlyList<TaskOutput> Outputs { get; init; } = [];
}
