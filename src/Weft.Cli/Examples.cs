namespace Weft.Cli;

/// <summary>A command's description with its examples under it, as <c>--help</c> shows them.</summary>
internal static class Examples
{
    public static string Describe(string description, params string[] examples) =>
        $"{description}{Environment.NewLine}{Environment.NewLine}Examples:{string.Concat(examples.Select(e => $"{Environment.NewLine}  {e}"))}";
}
