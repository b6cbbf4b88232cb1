namespace Weft.Flow.Tests.Support;

/// <summary>A mutable token wrapper, like the original's <c>MyObject</c>.</summary>
public sealed class Box(int value)
{
    public int Value { get; set; } = value;
}
