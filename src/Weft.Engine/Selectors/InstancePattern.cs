namespace Weft.Engine.Selectors;

/// <summary>
/// The INSTANCE part of a selector as the store matches it: with <see cref="IsGlob"/>, a glob (<c>*</c>, <c>?</c>)
/// over ids and business keys; otherwise an exact id, an exact business key, or (<see cref="MinPrefixLength"/>
/// characters or more) an id prefix.
/// </summary>
public sealed record InstancePattern(string Text, bool IsGlob)
{
    public const int MinPrefixLength = 4;
}
