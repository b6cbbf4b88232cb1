using Weft.Cli.Contact;

namespace Weft.Cli.Client;

/// <summary>
/// Where the server is: <c>--server</c>, else <c>WEFT_SERVER</c>, else the nearest <c>.weft/contact</c> (this folder,
/// then its parents), else <see cref="DefaultServer"/>.
/// </summary>
internal static class ServerLocator
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    /// <summary>The server's URL and where it came from (for messages); a <see cref="CliFailure"/> when it cannot be used.</summary>
    public static (Uri Url, string Source) Locate(string? option)
    {
        if (option is not null)
        {
            return (Parse(option, $"--server '{option}'"), "--server");
        }

        if (Environment.GetEnvironmentVariable("WEFT_SERVER") is { Length: > 0 } variable)
        {
            return (Parse(variable, $"WEFT_SERVER '{variable}'"), "WEFT_SERVER");
        }

        if (ContactFile.FindFrom(Directory.GetCurrentDirectory()) is { } path)
        {
            ContactInfo contact;
            try
            {
                contact = ContactFile.Read(path) ?? throw new CliFailure(ExitCode.Unreachable, $"the contact file {path} went away while it was read; run the command again.");
            }
            catch (FormatException ex)
            {
                throw new CliFailure(ExitCode.Failed, ex.Message);
            }

            if (!ContactFile.IsRunning(contact.Pid))
            {
                throw new CliFailure(ExitCode.Unreachable, ContactFile.Stale(path, contact.Pid));
            }

            return (Parse(contact.Url, $"the url '{contact.Url}' in {path}"), $"the contact file {path}");
        }

        return (new Uri(DefaultServer), "the default (no --server, WEFT_SERVER or .weft/contact)");
    }

    private static Uri Parse(string text, string what) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new CliFailure(ExitCode.Usage, $"{what} is not an http(s) URL such as {DefaultServer}.");
}
