namespace Weft.Flow.Tests.Support;

/// <summary>A token with a name; tasks built by <see cref="TraceTasks"/> log "name:task" into a shared list.</summary>
public sealed class Trace(string name)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}
