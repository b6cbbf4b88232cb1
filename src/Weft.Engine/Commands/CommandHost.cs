namespace Weft.Engine.Commands;

/// <summary>
/// What the host tells the commands about itself: its version and run id (for <c>ping</c>), and how it reads YAML
/// definitions (the server's reader; without one, <c>deploy</c> takes JSON only).
/// </summary>
public sealed record CommandHost(string Version, string RunId, Func<string, string>? YamlToJson = null);
