using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.PythonWorker;

/// <summary>What stops the worker before it runs anything: one line on stderr, no traceback, and an exit code.</summary>
public sealed class BadStartTests
{
    [Fact]
    public async Task A_function_that_does_not_match_its_definition_stops_the_worker_with_one_line_and_exit_code_2()
    {
        using var folder = new TempFolder();
        var module = folder.Write("mismatch.py", """
            def double(notify, amount):
                return {"value": amount * 2}

            def task_definitions():
                return [{"name": "double", "inputs": [{"name": "value", "type": "number"}]}]
            """);

        // Given as a path to the file, from another folder; no server is needed to find the mismatch.
        var (exitCode, stderr) = await PythonWorkerProcess.RunAsync(null, module, "--server", "http://127.0.0.1:9");

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{stderr}");
        Assert.Equal(
            "weft_worker: the module 'mismatch' does not match its task definitions (2 problems): double(notify, amount): the input 'value' is "
            + "declared in task_definitions() but is not a parameter; double(notify, amount): the parameter 'amount' has no default and is not an "
            + "input in task_definitions().",
            stderr);
    }

    [Fact]
    public async Task A_module_that_cannot_be_found_stops_the_worker_with_one_line_and_exit_code_2()
    {
        var (exitCode, stderr) = await PythonWorkerProcess.RunAsync(null, "no_such_tasks");

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{stderr}");
        Assert.Matches(@"\Aweft_worker: no module named 'no_such_tasks' [^\n]*\z", stderr);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_stops_the_worker_with_one_line_and_exit_code_1()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        var (exitCode, stderr) = await PythonWorkerProcess.RunAsync(null, "sample", "--server", url);

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{stderr}");
        Assert.Matches($@"\Aweft_worker: cannot reach the Weft server at {url} \([^\n]*\); start it \(weft server\) or pass --server URL\.\z", stderr);
    }
}
