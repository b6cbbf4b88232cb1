using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Cli.Tests.Support;

namespace Weft.Cli.Tests.Serving;

/// <summary><c>.weft/contact</c>: written by a real <c>weft server</c>, found by the CLI, removed on SIGTERM, stale when its process is gone.</summary>
public sealed class ContactFileTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];
    private readonly TempFolder _folder = new();

    private string ContactPath => Path.Combine(_folder.Path, ".weft", "contact");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_server_writes_its_contact_file_the_cli_finds_it_from_a_subfolder_and_SIGTERM_removes_it()
    {
        using var server = await ServerProcess.StartAsync(Path.Combine(_folder.Path, "weft.db"), null, "--contact-dir", _folder.Path);
        var contact = await ReadContactAsync(server);
        var subfolder = Directory.CreateDirectory(Path.Combine(_folder.Path, "orders", "2026")).FullName;

        var ping = await WeftCli.RunInAsync(subfolder, NoEnvironment, "ping", "--json");

        Assert.Equal(server.Pid, contact["pid"]!.GetValue<int>());
        Assert.Equal(server.Url, contact["url"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", contact["host"]!.GetValue<string>());
        Assert.Equal(new Uri(server.Url).Port, contact["port"]!.GetValue<int>());
        Assert.Equal("1", contact["apiVersion"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(contact["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(5));
        CliAssert.Succeeded(ping);
        Assert.Equal(contact["runId"]!.GetValue<string>(), JsonNode.Parse(ping.StdOut)!["runId"]!.GetValue<string>());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(ContactPath)!, "*.tmp"));

        var exitCode = await server.TerminateAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{server.Output}");
        Assert.False(File.Exists(ContactPath), $"the contact file is still there:\n{server.Output}");
    }

    [Fact]
    public async Task A_second_server_in_the_same_folder_refuses_to_start_and_names_the_running_one()
    {
        using var first = await ServerProcess.StartAsync(Path.Combine(_folder.Path, "weft.db"), null, "--contact-dir", _folder.Path);
        await ReadContactAsync(first);

        var second = await WeftCli.RunAsync(
            "server", "--db", Path.Combine(_folder.Path, "other.db"), "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--contact-dir", _folder.Path);

        CliAssert.RefusedUsage(second, "already runs here", $"process {first.Pid}", first.Url, "--contact-dir");
        Assert.Equal(first.Pid, JsonNode.Parse(await File.ReadAllTextAsync(ContactPath))!["pid"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_contact_file_of_a_dead_process_is_reported_by_the_cli_and_taken_over_by_the_next_server()
    {
        var deadPid = await DeadPidAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(ContactPath)!);
        await File.WriteAllTextAsync(ContactPath, $$"""
            {"host": "127.0.0.1", "port": 1, "url": "http://127.0.0.1:1", "pid": {{deadPid}}, "apiVersion": "1", "runId": "old", "startedAt": "2026-01-01T00:00:00Z"}
            """);

        var stale = await WeftCli.RunInAsync(_folder.Path, NoEnvironment, "list");

        CliAssert.Unreachable(stale, $"names process {deadPid}, which is not running", "start it again", "delete the file");

        using var server = await ServerProcess.StartAsync(Path.Combine(_folder.Path, "weft.db"), null, "--contact-dir", _folder.Path);
        var contact = await ReadContactAsync(server);
        var list = await WeftCli.RunInAsync(_folder.Path, NoEnvironment, "list");

        Assert.Equal(server.Pid, contact["pid"]!.GetValue<int>());
        Assert.Contains($"taking over {ContactPath}", server.Output, StringComparison.Ordinal);
        CliAssert.Succeeded(list);
    }

    [Fact]
    public async Task The_server_option_and_WEFT_SERVER_come_before_the_contact_file()
    {
        using var server = await ServerProcess.StartAsync(Path.Combine(_folder.Path, "weft.db"), null, "--contact-dir", _folder.Path);
        await ReadContactAsync(server);
        var elsewhere = $"http://127.0.0.1:{FreePort.Next()}";

        var fromVariable = await WeftCli.RunInAsync(_folder.Path, new Dictionary<string, string?> { ["WEFT_SERVER"] = elsewhere }, "ping");
        var fromOption = await WeftCli.RunInAsync(_folder.Path, new Dictionary<string, string?> { ["WEFT_SERVER"] = server.Url }, "ping", "--server", elsewhere);

        CliAssert.Unreachable(fromVariable, elsewhere, "WEFT_SERVER");
        CliAssert.Unreachable(fromOption, elsewhere, "--server");
    }

    [Theory]
    [InlineData("--api-key", "admin:too-short", "--api-key #1", "at least 16")]
    [InlineData("--api-key", "root:0123456789abcdef01", "--api-key #1", "admin or worker")]
    public async Task A_key_that_cannot_be_used_stops_the_server_with_exit_2_without_printing_the_key(string option, string spec, string where, string says)
    {
        var result = await WeftCli.RunAsync("server", "--db", Path.Combine(_folder.Path, "weft.db"), "--urls", $"http://127.0.0.1:{FreePort.Next()}", option, spec);

        CliAssert.RefusedUsage(result, where, says);
        Assert.DoesNotContain(spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..], result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(ContactPath));
    }

    [Fact]
    public async Task Keys_from_WEFT_API_KEYS_are_checked_too_and_named_by_their_place()
    {
        var result = await WeftCli.RunAsync(
            new Dictionary<string, string?> { ["WEFT_API_KEYS"] = "admin:0123456789abcdef01,worker:short" },
            "server", "--db", Path.Combine(_folder.Path, "weft.db"), "--urls", $"http://127.0.0.1:{FreePort.Next()}");

        CliAssert.RefusedUsage(result, "WEFT_API_KEYS entry 2", "at least 16");
    }

    [Fact]
    public async Task A_server_with_keys_says_how_many_and_never_prints_them()
    {
        const string admin = "contact-admin-key-1f2e3d4c";
        const string worker = "contact-worker-key-9a8b7c6d";
        using var server = await ServerProcess.StartAsync(
            Path.Combine(_folder.Path, "weft.db"), null, "--contact-dir", _folder.Path, "--api-key", $"admin:{admin}", "--api-key", $"worker:{worker}");
        await ReadContactAsync(server);

        var withKey = await WeftCli.RunInAsync(_folder.Path, new Dictionary<string, string?> { ["WEFT_API_KEY"] = admin }, "list");
        var wrongKey = await WeftCli.RunInAsync(_folder.Path, new Dictionary<string, string?> { ["WEFT_API_KEY"] = admin + "x" }, "list");

        CliAssert.Succeeded(withKey);
        CliAssert.Failed(wrongKey, 5, "not one this server knows");
        Assert.DoesNotContain(admin, wrongKey.StdErr, StringComparison.Ordinal);
        await server.TerminateAsync();
        Assert.Contains("API keys: 1 admin, 1 worker", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(admin, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(worker, server.Output, StringComparison.Ordinal);
    }

    /// <summary>The contact file, once the server has written it (it does right after it starts to listen).</summary>
    private async Task<JsonObject> ReadContactAsync(ServerProcess server)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(ContactPath) && JsonNode.Parse(await File.ReadAllTextAsync(ContactPath)) is JsonObject contact && contact["pid"]?.GetValue<int>() == server.Pid)
            {
                return contact;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"no contact file of process {server.Pid} at {ContactPath}:\n{server.Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>The id of a process that has ended.</summary>
    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
