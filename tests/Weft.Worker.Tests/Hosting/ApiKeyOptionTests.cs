using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weft.Server.Auth;
using Weft.Server.Hosting;
using Weft.Worker.Client;
using Weft.Worker.Hosting;

namespace Weft.Worker.Tests.Hosting;

/// <summary><c>WeftWorkerOptions.ApiKey</c> against the real server with keys.</summary>
public sealed class ApiKeyOptionTests : IAsyncLifetime
{
    private const string AdminKey = "sdk-admin-key-4b6d8f0a2c";
    private const string WorkerKey = "sdk-worker-key-1e3c5a7b9d";
    private readonly string _folder = Directory.CreateTempSubdirectory("weft-sdk-key-").FullName;
    private WebApplication _server = null!;

    private Uri Url => new(_server.Urls.First());

    public async Task InitializeAsync()
    {
        var options = new WeftServerOptions { Database = Path.Combine(_folder, "weft.db"), Urls = "http://127.0.0.1:0" };
        options.ApiKeys.Add(new ApiKey(ApiScope.Admin, AdminKey));
        options.ApiKeys.Add(new ApiKey(ApiScope.Worker, WorkerKey));
        _server = WeftServer.Build(options);
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_hosted_worker_with_a_worker_key_publishes_its_catalog_and_completes_jobs()
    {
        using var admin = new WeftClient(Url, AdminKey);
        await admin.UploadDefinitionAsync("""
            {"id": "sdk-keyed", "steps": [
              {"id": "shout", "type": "SERVICE_TASK", "jobType": "shout", "nextStep": "end"},
              {"id": "end", "type": "END"}]}
            """);
        using var host = Build(WorkerKey);

        await host.StartAsync();
        var instance = await admin.StartInstanceAsync("sdk-keyed", new JsonObject { ["text"] = "hello" });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        WorkflowInstance current;
        while ((current = await admin.GetInstanceAsync(instance.Id)).Status != InstanceStatus.Completed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await host.StopAsync();
        Assert.Equal(InstanceStatus.Completed, current.Status);
        Assert.Equal("HELLO", (string?)current.Variables!["text"]);
        Assert.Contains(await admin.ListCatalogAsync(), n => n.Tasks.Any(t => t.Name == "shout"));
    }

    [Fact]
    public async Task A_hosted_worker_without_a_key_does_not_start_and_says_why()
    {
        using var host = Build(null);

        var refusal = await Assert.ThrowsAsync<WeftApiException>(() => host.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refusal.StatusCode);
        Assert.Contains("WEFT_API_KEY", refusal.Message, StringComparison.Ordinal);
    }

    private IHost Build(string? key)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddWeftWorker(options =>
        {
            options.ServerUrl = Url;
            options.ApiKey = key;
            options.WorkerId = "sdk-keyed-worker";
            options.PollInterval = TimeSpan.FromMilliseconds(10);
        }).AddTasks(typeof(AddWeftWorkerTests.StaticTasks));
        return builder.Build();
    }
}
