using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Weft.Cli.Tests.PythonWorker;

/// <summary>Runs the Python unit tests of the worker (workers/python/test_weft_worker.py), so that a failing one fails the run.</summary>
public sealed class PythonUnitTests
{
    [Fact]
    public async Task The_python_unit_tests_of_the_worker_pass()
    {
        var info = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var arg in new[] { "-m", "unittest", "discover", "-s", RepositoryFiles.WorkerFolder, "-v" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr; // unittest reports on stderr

        Assert.True(process.ExitCode == 0, $"python3 -m unittest exited with {process.ExitCode}:\n{output}");
        var ran = Regex.Match(output, @"^Ran (\d+) tests? in", RegexOptions.Multiline);
        Assert.True(ran.Success && int.Parse(ran.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 30, $"fewer Python tests ran than written:\n{output}");
        Assert.Matches(@"(?m)^OK$", output);
    }
}
