using System.Diagnostics;
using System.Globalization;

namespace Weft.Bench.Measuring;

/// <summary>CPU time and memory of a process, read from the OS.</summary>
public static class ProcessStats
{
    /// <summary>User plus system CPU time of <paramref name="process"/> so far.</summary>
    public static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    public static TimeSpan CurrentCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>The resident set (VmRSS) and its peak (VmHWM) in bytes, from <c>/proc/PID/status</c>; null off Linux.</summary>
    public static (long Rss, long Peak)? Memory(int processId)
    {
        var path = $"/proc/{processId}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return (rss * 1024, peak * 1024);
    }

    /// <summary>CPU milliseconds per job between two readings.</summary>
    public static double? MsPerJob(TimeSpan before, TimeSpan after, long jobs) =>
        jobs > 0 ? (after - before).TotalMilliseconds / jobs : null;

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
