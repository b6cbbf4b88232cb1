using System.CommandLine;
using System.Globalization;

namespace Weft.Cli.Client;

/// <summary>The options every command that talks to a server shares: <c>--server</c>, <c>--timeout</c> and, for verbs that print data, <c>--json</c>.</summary>
internal sealed class ClientOptions
{
    public const double DefaultTimeoutSeconds = 30;

    private ClientOptions(bool json)
    {
        Json = json ? new Option<bool>("--json") { Description = "Print the command's data as JSON (what `weft client` shows under \"data\"), for scripts." } : null;
    }

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The Weft server's URL (default: $WEFT_SERVER, else the nearest .weft/contact, else {ServerLocator.DefaultServer}). The API key comes from $WEFT_API_KEY.",
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "How many seconds to wait for the server's answer.",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    public Option<bool>? Json { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public static ClientOptions AddTo(Command command, bool json = false)
    {
        var options = new ClientOptions(json);
        command.Options.Add(options.Server);
        command.Options.Add(options.Timeout);
        if (options.Json is not null)
        {
            command.Options.Add(options.Json);
        }

        return options;
    }

    public bool WantsJson(ParseResult parse) => Json is not null && parse.GetValue(Json);

    /// <summary>The timeout; a <see cref="CliFailure"/> (usage) when it is not a positive number of seconds.</summary>
    public TimeSpan TimeoutOf(ParseResult parse)
    {
        var seconds = parse.GetValue(Timeout);
        return seconds > 0 && seconds <= 24 * 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliFailure(ExitCode.Usage, $"--timeout {seconds.ToString(CultureInfo.InvariantCulture)}: pass a number of seconds from more than 0 to 86400, e.g. --timeout 10.");
    }
}
