using Spectre.Console;

namespace Weft.Cli;

/// <summary>How <c>weft</c> writes to the console.</summary>
internal static class ConsoleSetup
{
    /// <summary>
    /// Output into a file, a pipe or a CI log gets plain text: Spectre.Console decides on escape codes from
    /// <c>TERM</c> alone, so without this a script would read "Deployed \e[1morder\e[0m".
    /// </summary>
    public static void Apply()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(Console.Out),
            });
        }
    }
}
