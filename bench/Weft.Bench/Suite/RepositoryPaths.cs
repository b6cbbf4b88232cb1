namespace Weft.Bench.Suite;

/// <summary>Where things are in the repository, found from this program's output folder (bench/Weft.Bench/bin/&lt;configuration&gt;/&lt;tfm&gt;).</summary>
public static class RepositoryPaths
{
    private static readonly DirectoryInfo Output = new(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    /// <summary>The folder that holds Weft.slnx; null when this program does not run from a clone.</summary>
    public static DirectoryInfo? Root { get; } = FindRoot();

    /// <summary>The build configuration this program was built with (Release, Debug).</summary>
    public static string Configuration => Output.Parent?.Name ?? "Release";

    public static string Framework => Output.Name;

    private static DirectoryInfo? FindRoot()
    {
        var folder = Output;
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Weft.slnx")))
        {
            folder = folder.Parent;
        }

        return folder;
    }
}
