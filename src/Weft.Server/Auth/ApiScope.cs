namespace Weft.Server.Auth;

/// <summary>What an API key may do: <see cref="Admin"/> everything, <see cref="Worker"/> only what a worker needs.</summary>
public enum ApiScope
{
    Admin,
    Worker,
}
