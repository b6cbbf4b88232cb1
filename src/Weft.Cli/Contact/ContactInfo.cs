namespace Weft.Cli.Contact;

/// <summary>What <c>.weft/contact</c> says about a running <c>weft server</c>.</summary>
internal sealed record ContactInfo(string Host, int Port, string Url, int Pid, string ApiVersion, string RunId, DateTimeOffset StartedAt);
