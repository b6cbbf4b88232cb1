using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Weft.Testing.Postgres;

/// <summary>
/// A PostgreSQL cluster of this test process alone: <c>initdb</c> into a temporary folder, then <c>pg_ctl start</c> on
/// 127.0.0.1 and a free port, as the <c>postgres</c> user when the tests run as root (PostgreSQL refuses root). A
/// watchdog process stops the cluster and removes its folder once this process is gone, however it ended.
/// </summary>
public sealed class ThrowawayCluster
{
    // Detached from this process (setsid -f), so that nothing that ends this process ends the watchdog too.
    private const string Watchdog = """
        exec >/dev/null 2>&1 </dev/null
        while kill -0 "$1"; do sleep 1; done
        if [ "$4" = root ]; then runuser -u postgres -- "$3" -D "$2/data" -m immediate -w stop; else "$3" -D "$2/data" -m immediate -w stop; fi
        rm -rf "$2"
        """;

    private ThrowawayCluster(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    public static ThrowawayCluster Start()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            $"PostgreSQL is not installed: no initdb in /usr/lib/postgresql/*/bin or on PATH. Install it (apt-get install postgresql) or set {PostgresServer.Variable} to a connection string of a server the tests may create databases on.");
        var root = Environment.UserName == "root";
        var folder = Path.Combine(Path.GetTempPath(), $"weft-pg-{Guid.NewGuid():N}");
        var data = Path.Combine(folder, "data");
        var log = Path.Combine(folder, "log");
        Directory.CreateDirectory(folder);
        var cluster = new ThrowawayCluster(FreePort());
        Run("setsid", "-f", "sh", "-c", Watchdog, "weft-pg-watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            folder, Path.Combine(bin, "pg_ctl"), root ? "root" : "user");
        try
        {
            if (root)
            {
                Run("chown", "postgres:postgres", folder);
            }

            RunPostgresTool(root, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
            RunPostgresTool(
                root, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "-o",
                $"-c listen_addresses=127.0.0.1 -p {cluster.Port} -c unix_socket_directories={folder} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start");
            return cluster;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            var detail = File.Exists(log) ? $"\nServer log:\n{File.ReadAllText(log)}" : "";
            throw new InvalidOperationException($"Could not start a throwaway PostgreSQL cluster in {folder}: {ex.Message}{detail}", ex);
        }
    }

    private static void RunPostgresTool(bool root, string path, params string[] args)
    {
        if (root)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. args]);
        }
        else
        {
            Run(path, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not end within 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
    }

    private static string? FindBin()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return installed ?? (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
