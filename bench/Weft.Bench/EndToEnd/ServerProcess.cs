using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Weft.Bench.Measuring;
using Weft.Bench.Suite;

namespace Weft.Bench.EndToEnd;

/// <summary>
/// <c>weft server --db … --urls http://127.0.0.1:0</c> as a child process, from src/Weft.Cli's build output (the
/// bench project builds it), so that the server's CPU time and memory are its own and not the workers'.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public Uri Address { get; private set; } = null!;

    public int Id => _process.Id;

    public TimeSpan Cpu => ProcessStats.Cpu(_process);

    public (long Rss, long Peak)? Memory => ProcessStats.Memory(_process.Id);

    /// <summary>Starts the server and waits until it listens; throws with its error output when it does not.</summary>
    public static async Task<ServerProcess> StartAsync(string database)
    {
        var (file, prefix) = Locate();
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in prefix.Concat(["server", "--db", database, "--urls", "http://127.0.0.1:0"]))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var server = new ServerProcess(process);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (server._errors)
                {
                    server._errors.AppendLine(line);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            await server.DisposeAsync();
            string errors;
            lock (server._errors)
            {
                errors = server._errors.ToString().Trim();
            }

            throw new InvalidOperationException(first == exited
                ? $"weft server exited at start: {(errors.Length > 0 ? errors : "no error output")}"
                : "weft server did not say where it listens within 60 s.");
        }

        server.Address = await listening.Task;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>src/Weft.Cli/bin/&lt;configuration&gt;/&lt;tfm&gt;/weft: the build next to this program's own.</summary>
    private static (string File, string[] Prefix) Locate()
    {
        var root = RepositoryPaths.Root ?? throw new InvalidOperationException($"Cannot find the repository (Weft.slnx) above {AppContext.BaseDirectory}.");
        var folder = Path.Combine(root.FullName, "src", "Weft.Cli", "bin", RepositoryPaths.Configuration, RepositoryPaths.Framework);
        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? "weft.exe" : "weft");
        if (File.Exists(apphost))
        {
            return (apphost, []);
        }

        var dll = Path.Combine(folder, "weft.dll");
        return File.Exists(dll)
            ? (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll])
            : throw new InvalidOperationException($"{dll} is missing: build it with `dotnet build -c {RepositoryPaths.Configuration} src/Weft.Cli`.");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
