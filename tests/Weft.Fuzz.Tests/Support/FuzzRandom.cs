namespace Weft.Fuzz.Tests.Support;

/// <summary>A seeded <see cref="Random"/> with the few helpers the generators use.</summary>
public sealed class FuzzRandom(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int Between(int min, int max) => _random.Next(min, max + 1);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    /// <summary>One item of a list (named apart from <see cref="Pick{T}(T[])"/>, which would take a list as its one item).</summary>
    public T PickFrom<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    public char Letter() => (char)('a' + _random.Next(26));

    public string Word(int length = 6) => string.Concat(Enumerable.Range(0, length).Select(_ => Letter()));
}
