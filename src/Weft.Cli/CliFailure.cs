namespace Weft.Cli;

/// <summary>A failure already put in words, with the exit code it ends <c>weft</c> with.</summary>
internal sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
