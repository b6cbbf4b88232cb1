using System.Diagnostics;
using System.Reflection;

namespace Weft.Cli.Tests.Support;

/// <summary>Runs the real <c>weft</c> program (<c>dotnet weft.dll ...</c>) as a child process.</summary>
public static class WeftCli
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// weft.dll of the same configuration (Debug or Release) as this test assembly, in Weft.Cli's own output
    /// (where its samples/ folder is); next to this assembly as a fallback.
    /// </summary>
    public static string DllPath { get; } = FindDll();

    /// <summary>Runs weft to its end and returns what it printed. The process is killed after the timeout.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <param name="environment">Variables to set (or, with null, remove) for this run.</param>
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) => RunInAsync(null, environment, args);

    /// <summary>Runs weft in <paramref name="folder"/> (where it looks for .weft/contact), to its end.</summary>
    public static async Task<CliResult> RunInAsync(string? folder, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = Start(environment, args, folder);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"weft {string.Join(' ', args)} did not end within {DefaultTimeout.TotalSeconds} s.");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts weft and leaves it running; the caller reads its output and ends it.</summary>
    public static Process Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    private static Process Start(IReadOnlyDictionary<string, string?> environment, string[] args, string? folder = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = folder ?? "",
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Each server writes its contact file in a folder of its own: in the shared working folder of the tests the
        // second server would refuse to start, and the client commands of other tests would find it.
        if (args is ["server", ..] && !args.Contains("--contact-dir"))
        {
            info.ArgumentList.Add("--contact-dir");
            info.ArgumentList.Add(Directory.CreateTempSubdirectory("weft-contact-").FullName);
        }

        // Output as a script or CI log would see it: not a terminal, no colours, the default 80 columns.
        info.Environment["NO_COLOR"] = "1";
        info.Environment["WEFT_SERVER"] = null;
        info.Environment["WEFT_API_KEY"] = null;
        info.Environment["WEFT_API_KEYS"] = null;
        info.Environment["COLUMNS"] = null;
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started.");
    }

    private static string FindDll()
    {
        var built = typeof(WeftCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "WeftCliPath")?.Value;
        string[] candidates = [built ?? "", Path.Combine(AppContext.BaseDirectory, "weft.dll")];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"weft.dll was not found at {string.Join(" or ", candidates)}. Build src/Weft.Cli first.");
    }
}
