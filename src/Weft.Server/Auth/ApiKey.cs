namespace Weft.Server.Auth;

/// <summary>
/// One API key and its scope, as <c>--api-key admin:KEY</c> or <c>WEFT_API_KEYS</c> give it. <see cref="ToString"/>
/// never shows the key, so that no log or message can leak it.
/// </summary>
public sealed class ApiKey
{
    public const int MinLength = 16;

    public ApiKey(ApiScope scope, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinLength)
        {
            throw new ArgumentException($"A {Name(scope)} key is {key.Length} characters long; a key needs at least {MinLength} (e.g. `openssl rand -hex 24`).", nameof(key));
        }

        if (key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '~'))
        {
            throw new ArgumentException($"A {Name(scope)} key has a space, a control character or a non-ASCII character; use printable ASCII only (e.g. `openssl rand -hex 24`).", nameof(key));
        }

        Scope = scope;
        Key = key;
    }

    public ApiScope Scope { get; }

    public string Key { get; }

    /// <summary>
    /// Reads <c>SCOPE:KEY</c> (scope <c>admin</c> or <c>worker</c>). The message of a refusal names the scope and the
    /// problem, never the key.
    /// </summary>
    public static ApiKey Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var scope = colon < 0 ? "" : spec[..colon].Trim();
        ApiScope? parsed = scope.ToLowerInvariant() switch
        {
            "admin" => ApiScope.Admin,
            "worker" => ApiScope.Worker,
            _ => null,
        };
        if (parsed is null)
        {
            var shown = colon < 0 ? "no scope" : $"the scope '{(scope.Length > 16 ? scope[..16] + "…" : scope)}'";
            throw new ArgumentException($"An API key is SCOPE:KEY with SCOPE admin or worker, e.g. admin:{new string('x', MinLength)}; this one has {shown}.", nameof(spec));
        }

        return new ApiKey(parsed.Value, spec[(colon + 1)..]);
    }

    public override string ToString() => $"{Name(Scope)}:***";

    private static string Name(ApiScope scope) => scope.ToString().ToLowerInvariant();
}
