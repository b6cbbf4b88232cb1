namespace Weft.Engine.Selectors;

/// <summary>
/// <c>INSTANCE/STEP[:STATUS]</c>: which steps of which instances a bulk command acts on. INSTANCE is an id, an id
/// prefix (at least <see cref="InstancePattern.MinPrefixLength"/> characters), a business key, or a glob over ids and
/// business keys; STEP a step id or a glob (<c>*</c> when left out, with the slash); STATUS one of <see cref="StepState"/>.
/// The last slash splits INSTANCE from STEP, so a business key may contain slashes.
/// </summary>
public sealed record Selector(string Text, InstancePattern Instance, string Step, StepState? State)
{
    public const int MaxLength = 512;

    public const string Syntax = "INSTANCE/STEP[:STATUS], e.g. '*/charge-card:failed', 'order-*/*:running' or '3f2a*/*'";

    private static readonly string[] StateNames = [.. Enum.GetNames<StepState>().Select(n => n.ToLowerInvariant())];

    public static Selector Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Bad(text, "it is empty");
        }

        if (text.Length > MaxLength)
        {
            throw WeftException.Invalid($"The selector is {text.Length:N0} characters long; the limit is {MaxLength}. Use a glob such as 'order-*/*'.");
        }

        if (text.Any(char.IsControl) || text.Trim().Length != text.Length)
        {
            throw Bad(text, "it has control characters or spaces at its ends");
        }

        var slash = text.LastIndexOf('/');
        var instance = slash < 0 ? text : text[..slash];
        var rest = slash < 0 ? "*" : text[(slash + 1)..];
        if (instance.Length == 0)
        {
            throw Bad(text, "the INSTANCE before '/' is empty (use '*' for every instance)");
        }

        StepState? state = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            var name = rest[(colon + 1)..];
            state = Enum.GetNames<StepState>().FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } known
                ? Enum.Parse<StepState>(known)
                : throw Bad(text, $"the STATUS '{name}' is unknown; use one of {string.Join(", ", StateNames)}");
            rest = rest[..colon];
        }

        if (rest.Length == 0)
        {
            throw Bad(text, "the STEP after '/' is empty (use '*' for every step)");
        }

        return new Selector(text, new InstancePattern(instance, Glob.HasWildcards(instance)), rest, state);
    }

    public bool MatchesStep(string stepId) => Glob.IsMatch(Step, stepId);

    private static WeftException Bad(string text, string why) =>
        WeftException.Invalid($"The selector '{text}' cannot be read: {why}. Write {Syntax}.");
}
