namespace Weft.Cli.Tests.PythonWorker;

/// <summary>Where the Python worker, its unit tests and the sample module are in this repository.</summary>
public static class RepositoryFiles
{
    /// <summary>The repository's root: the nearest folder above the test assembly that holds Weft.slnx.</summary>
    public static string Root { get; } = FindRoot();

    public static string WorkerFolder => Path.Combine(Root, "workers", "python");

    public static string WorkerScript => Path.Combine(WorkerFolder, "weft_worker.py");

    public static string SampleFolder => Path.Combine(Root, "samples", "python");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Weft.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Weft.slnx.");
    }
}
