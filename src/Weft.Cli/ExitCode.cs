namespace Weft.Cli;

/// <summary>The exit codes of every <c>weft</c> command, as README.md documents them.</summary>
internal static class ExitCode
{
    public const int Ok = 0;

    /// <summary>Failed: the server answered something unreadable or an error of its own, or an unexpected error.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: an unknown command or option, a missing or invalid argument; or <c>weft server</c> could not start.</summary>
    public const int Usage = 2;

    /// <summary>What was asked for does not exist (an instance, a definition, a command).</summary>
    public const int NotFound = 3;

    /// <summary>The server refused the request: a conflict, invalid input, or a command's handled error; or nothing matched.</summary>
    public const int Rejected = 4;

    /// <summary>The API key is missing, wrong, or may not do this (401, 403), or too many wrong keys were sent (429).</summary>
    public const int Unauthorized = 5;

    /// <summary>The server could not be reached, or did not answer within <c>--timeout</c>.</summary>
    public const int Unreachable = 6;
}
