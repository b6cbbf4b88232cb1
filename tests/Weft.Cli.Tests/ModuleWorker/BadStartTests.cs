using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.ModuleWorker;

/// <summary>What stops <c>weft worker</c> before it runs anything: one line on stderr and an exit code.</summary>
public sealed class BadStartTests
{
    [Fact]
    public async Task A_module_that_does_not_exist_is_one_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "Missing.dll");

        var result = await WeftCli.RunAsync("worker", "--module", missing, "--server", "http://127.0.0.1:9");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"weft worker: --module {missing} does not exist. Pass the path of a .NET assembly (.dll) with [WeftTask] methods, e.g. bin/Release/net10.0/MyTasks.dll.",
            result.StdErr.TrimEnd());
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public async Task An_assembly_without_tasks_is_one_line_and_exit_code_2()
    {
        var noTasks = Path.Combine(Path.GetDirectoryName(ModuleWorkerProcess.SampleModule)!, "Weft.Flow.dll");

        var result = await WeftCli.RunAsync("worker", "--module", noTasks, "--server", "http://127.0.0.1:9");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"weft worker: {noTasks} has no tasks: mark public methods of a public class with [WeftTask(\"name\")] (from Weft.Worker.Tasks).",
            result.StdErr.TrimEnd());
    }

    [Fact]
    public async Task A_file_that_is_not_an_assembly_is_one_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        var text = folder.Write("Tasks.dll", "not an assembly");

        var result = await WeftCli.RunAsync("worker", "--module", text, "--server", "http://127.0.0.1:9");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"weft worker: --module {text} is not a .NET assembly. Pass the .dll that `dotnet build` makes of your task project.", result.StdErr.TrimEnd());
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_one_line_and_exit_code_1()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        var result = await WeftCli.RunAsync("worker", "--module", ModuleWorkerProcess.SampleModule, "--server", url);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches($@"\Aweft worker: cannot reach the Weft server at {url}/ \([^\n]*\)\. Is `weft server` running\? Pass --server URL to use another\.\n?\z", result.StdErr.Replace("\r", "", StringComparison.Ordinal));
    }
}
