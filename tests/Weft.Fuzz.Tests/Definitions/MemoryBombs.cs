namespace Weft.Fuzz.Tests.Definitions;

/// <summary>Tests that make the server use a lot of memory run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryBombs
{
    public const string Name = "Memory bombs";
}
