using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Weft.Worker.Hosting;
using Weft.Worker.Tasks;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Hosting;

/// <summary><c>services.AddWeftWorker(...).AddTasks&lt;T&gt;()</c> in a generic host, against a fake server.</summary>
public sealed class AddWeftWorkerTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = Recording<object>.Timeout;
    private FakeWeftServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeWeftServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Bad_options_stop_the_host_from_starting_with_every_problem_named()
    {
        using var host = Build(
            options =>
            {
                options.ServerUrl = new Uri("ftp://example.com");
                options.Namespace = "no spaces";
                options.Parallelism = 0;
                options.WorkerId = "";
            },
            builder => builder.AddTasks<Greeter>());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ServerUrl 'ftp://example.com/' is not an http(s) URL such as http://127.0.0.1:8080.", error.Failures);
        Assert.Contains("Namespace 'no spaces' is not a catalog namespace: 1 to 128 characters of A-Z a-z 0-9 . _ -.", error.Failures);
        Assert.Contains("Parallelism is 0; it must be at least 1.", error.Failures);
        Assert.Contains("WorkerId is empty.", error.Failures);
        Assert.Empty(_server.Requests.Snapshot());
    }

    [Fact]
    public async Task A_missing_server_url_is_named()
    {
        using var host = Build(options => { }, builder => builder.AddTasks<Greeter>());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(["ServerUrl is not set: set it to the Weft server's URL, e.g. http://127.0.0.1:8080."], error.Failures);
    }

    [Fact]
    public async Task A_worker_without_tasks_does_not_start()
    {
        using var host = Build(options => options.ServerUrl = _server.BaseAddress, builder => { });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Equal("The Weft worker has no tasks: add them with services.AddWeftWorker(...).AddTasks<T>().", error.Message);
    }

    [Fact]
    public void Adding_a_class_without_tasks_is_refused()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<TaskDefinitionException>(() => services.AddWeftWorker(_ => { }).AddTasks<AddWeftWorkerTests>());

        Assert.Equal("AddWeftWorkerTests has no public method marked [WeftTask(\"name\")].", error.Message);
    }

    [Fact]
    public async Task The_host_publishes_the_catalog_then_runs_each_job_with_a_task_class_resolved_from_a_new_scope()
    {
        _server.EnqueueJob("j1", "greet", new JsonObject { ["name"] = "Ada" });
        _server.EnqueueJob("j2", "greet", new JsonObject { ["name"] = "Grace" });
        using var host = Build(
            options =>
            {
                options.ServerUrl = _server.BaseAddress;
                options.WorkerId = "host-worker";
                options.PollInterval = TimeSpan.FromMilliseconds(10);
            },
            builder => builder.AddTasks<Greeter>().AddTasks(typeof(StaticTasks)),
            services => services.AddScoped<Salutation>().AddSingleton<Tally>());

        await host.StartAsync();
        var first = await _server.WaitForCompletionAsync("j1");
        var second = await _server.WaitForCompletionAsync("j2");
        await host.StopAsync();

        var catalog = Assert.Single(_server.Requests.Snapshot(), r => r.Method == "PUT");
        Assert.Equal("/v1/catalog/greetings?replace=true", catalog.Path);
        Assert.Equal(["greet", "shout", "wait"], catalog.Json["tasks"]!.AsArray().Select(t => (string?)t!["name"]));
        var poll = _server.RequestsTo("POST", "/v1/jobs/poll")[0].Json;
        Assert.Equal("host-worker", (string?)poll["workerId"]);
        Assert.Equal(["greet", "shout", "wait"], poll["jobTypes"]!.AsArray().Select(t => (string?)t).Order(StringComparer.Ordinal));
        Assert.Equal("Hello, Ada", (string?)first["variables"]!["greeting"]);
        Assert.Equal("Hello, Grace", (string?)second["variables"]!["greeting"]);
        // Each job had its own scope: its own Salutation, disposed with the scope after the job.
        Assert.NotEqual((string?)first["variables"]!["scope"], (string?)second["variables"]!["scope"]);
        Assert.Equal(2, host.Services.GetRequiredService<Tally>().Disposed);
    }

    [Fact]
    public async Task A_given_namespace_holds_every_task_and_publishing_can_be_turned_off()
    {
        using (var host = Build(
            options =>
            {
                options.ServerUrl = _server.BaseAddress;
                options.Namespace = "all-of-them";
            },
            builder => builder.AddTasks(typeof(StaticTasks))))
        {
            await host.StartAsync();
            await host.StopAsync();
        }

        using (var host = Build(
            options =>
            {
                options.ServerUrl = _server.BaseAddress;
                options.PublishCatalog = false;
            },
            builder => builder.AddTasks(typeof(StaticTasks))))
        {
            await host.StartAsync(); // publishing happens before StartAsync returns
            await host.StopAsync();
        }

        var put = Assert.Single(_server.Requests.Snapshot(), r => r.Method == "PUT");
        Assert.Equal("/v1/catalog/all-of-them?replace=true", put.Path);
    }

    [Fact]
    public async Task Stopping_the_host_drains_a_running_job_which_is_reported()
    {
        _server.EnqueueJob("j1", "wait");
        using var host = Build(
            options =>
            {
                options.ServerUrl = _server.BaseAddress;
                options.WaitMs = 0;
            },
            builder => builder.AddTasks(typeof(StaticTasks)));
        await host.StartAsync();
        await StaticTasks.Started.Task.WaitAsync(Guard);

        var stopping = host.StopAsync();
        Assert.False(stopping.IsCompleted);
        StaticTasks.Release.SetResult();
        await stopping.WaitAsync(Guard);

        var completion = Assert.Single(_server.RequestsTo("POST", "/v1/jobs/j1/complete"));
        Assert.True((bool)completion.Json["variables"]!["waited"]!);
    }

    private static IHost Build(Action<WeftWorkerOptions> configure, Action<WeftWorkerBuilder> tasks, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        tasks(builder.Services.AddWeftWorker(configure));
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Counts the task classes' services that their scopes disposed.</summary>
    public sealed class Tally
    {
        private int _disposed;

        public int Disposed => Volatile.Read(ref _disposed);

        public void CountDisposal() => Interlocked.Increment(ref _disposed);
    }

    public sealed class Salutation(Tally tally) : IDisposable
    {
        public Guid Id { get; } = Guid.NewGuid();

        public void Dispose() => tally.CountDisposal();
    }

    [WeftModule("greetings")]
    public sealed class Greeter(Salutation salutation)
    {
        [WeftTask("greet")]
        public JsonObject Greet(string name) => new() { ["greeting"] = $"Hello, {name}", ["scope"] = salutation.Id.ToString() };
    }

    [WeftModule("greetings")]
    public static class StaticTasks
    {
        public static readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public static readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [WeftTask("shout")]
        public static JsonObject Shout(string text) => new() { ["text"] = text.ToUpperInvariant() };

        [WeftTask("wait")]
        public static async Task<JsonObject> Wait()
        {
            Started.TrySetResult();
            await Release.Task;
            return new JsonObject { ["waited"] = true };
        }
    }
}
