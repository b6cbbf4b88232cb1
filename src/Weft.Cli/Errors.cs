namespace Weft.Cli;

/// <summary>How <c>weft</c> reports an error: one line on stderr, "weft: ..." or "weft server: ...", never a stack trace.</summary>
internal static class Errors
{
    public static int Write(int exitCode, string message, string command = "weft")
    {
        Console.Error.WriteLine($"{command}: {message}");
        return exitCode;
    }

    /// <summary>An exception's message on one line (some messages, e.g. from ASP.NET Core, span several).</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>An exception's message to put in parentheses: one line, without its closing full stop.</summary>
    public static string Reason(Exception ex) => OneLine(ex.Message).TrimEnd('.');
}
