namespace Weft.Cli;

/// <summary>The exit codes of every <c>weft</c> command, as README.md documents them.</summary>
internal static class ExitCode
{
    public const int Ok = 0;

    /// <summary>The request failed: the server refused it, could not be reached, or answered something unreadable; or an unexpected error.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: an unknown command or option, a missing or invalid argument; or <c>weft server</c> could not start.</summary>
    public const int Usage = 2;
}
