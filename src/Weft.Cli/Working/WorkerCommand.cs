using System.CommandLine;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Weft.Cli.Client;
using Weft.Worker.Client;
using Weft.Worker.Hosting;
using Weft.Worker.Tasks;

namespace Weft.Cli.Working;

/// <summary>
/// <c>weft worker --module PATH.dll [--namespace NS] [--server URL] [--parallelism N] [--autocomplete true|false]
/// [--worker-id ID]</c>: runs the tasks of a module until Ctrl-C or SIGTERM, then drains; a second signal aborts.
/// </summary>
internal static class WorkerCommand
{
    public const string Name = "worker";
    private const string Command = "weft worker";

    public static Command Create()
    {
        var module = new Option<string>("--module")
        {
            Description = "The .NET assembly (.dll) whose public methods marked [WeftTask] to run; its dependencies are loaded from its folder.",
            Required = true,
        };
        var @namespace = new Option<string?>("--namespace")
        {
            Description = "The catalog namespace to publish the tasks to (default: the module's [WeftModule] namespace, else the assembly's name).",
        };
        var server = new Option<string?>("--server")
        {
            Description = $"The Weft server's URL (default: $WEFT_SERVER, else the nearest .weft/contact, else {ClientCommand.DefaultServer}). The API key comes from $WEFT_API_KEY.",
        };
        var parallelism = new Option<int>("--parallelism") { Description = "How many jobs run at once.", DefaultValueFactory = _ => 16 };
        var autocomplete = new Option<bool>("--autocomplete")
        {
            Description = "true: complete each job with what its task returns. false: leave it running for another system to complete by its id (the step's timeout must cover that).",
            DefaultValueFactory = _ => true,
        };
        var workerId = new Option<string?>("--worker-id") { Description = "The name this worker polls with (default: machine name, process id and a random suffix)." };

        var command = new Command(Name, "Run the tasks of a .NET module as a worker: publish their catalog, then poll, run and report jobs until Ctrl-C.")
        {
            module, @namespace, server, parallelism, autocomplete, workerId,
        };
        command.SetAction(parse => RunAsync(new WorkerSettings(
            parse.GetValue(module)!,
            parse.GetValue(@namespace),
            parse.GetValue(server),
            parse.GetValue(parallelism),
            parse.GetValue(autocomplete),
            parse.GetValue(workerId))));
        return command;
    }

    private static async Task<int> RunAsync(WorkerSettings settings)
    {
        Uri serverUrl;
        try
        {
            serverUrl = ServerLocator.Locate(settings.Server).Url;
        }
        catch (CliFailure failure)
        {
            return Errors.Write(failure.ExitCode, failure.Message, Command);
        }

        if (Refuse(settings) is { } problem)
        {
            return Errors.Write(ExitCode.Usage, problem, Command);
        }

        TaskModule module;
        try
        {
            module = TaskModule.Load(settings.Module);
        }
        catch (FormatException ex)
        {
            return Errors.Write(ExitCode.Usage, ex.Message, Command);
        }

        using var signals = new StopSignals();
        using var host = BuildHost(settings, serverUrl, module);
        var workerId = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WeftWorkerOptions>>().Value.WorkerId;
        try
        {
            await host.StartAsync(signals.Stop);
        }
        catch (Exception ex) when (CannotStart(Unwrap(ex), serverUrl, signals.Stop) is { } message)
        {
            return Errors.Write(ExitCode.Failed, message, Command);
        }
        catch (OperationCanceledException) when (signals.Stop.IsCancellationRequested)
        {
            return ExitCode.Ok;
        }

        var namespaces = string.Join(", ", TaskCatalog.ByNamespace(module.Tasks, settings.Namespace).Keys.Order(StringComparer.Ordinal));
        Console.WriteLine($"Worker {workerId} runs {module.Tasks.Count} task(s) of {Path.GetFileName(module.Path)} (catalog {namespaces}) against {serverUrl}:");
        Console.WriteLine($"  {string.Join(", ", module.Tasks.Select(t => t.Name))}");
        Console.WriteLine("Ctrl-C or SIGTERM stops it once its running jobs are done; a second one aborts them.");

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (signals.Stop.Register(stopped.SetResult))
        using (lifetime.ApplicationStopping.Register(stopped.SetResult))
        {
            await stopped.Task;
        }

        Console.WriteLine("Stopping: waiting for the running jobs to finish (Ctrl-C again aborts them).");
        await host.StopAsync(signals.Abort);
        if (signals.Abort.IsCancellationRequested)
        {
            return Errors.Write(ExitCode.Failed, "aborted: the running jobs were not reported; the server hands them out again when their leases end.", Command);
        }

        Console.WriteLine("Stopped.");
        return ExitCode.Ok;
    }

    private static IHost BuildHost(WorkerSettings settings, Uri serverUrl, TaskModule module)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.ColorBehavior = Console.IsOutputRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None); // a failed start is one line below, not a stack trace
        builder.Services
            .AddWeftWorker(options =>
            {
                options.ServerUrl = serverUrl;
                options.Namespace = settings.Namespace;
                options.Parallelism = settings.Parallelism;
                options.AutoComplete = settings.AutoComplete;
                if (settings.WorkerId is { } id)
                {
                    options.WorkerId = id;
                }
            })
            .AddTasks(module.Tasks);
        return builder.Build();
    }

    /// <summary>What is wrong with the options before anything is loaded; null when nothing is.</summary>
    private static string? Refuse(WorkerSettings settings)
    {
        if (settings.Parallelism < 1)
        {
            return $"--parallelism {settings.Parallelism}: run at least 1 job at once.";
        }

        if (settings.Namespace is { } ns && !TaskCatalog.IsNamespace(ns))
        {
            return $"--namespace '{ns}' is not a catalog namespace: {TaskCatalog.NamespaceRule}.";
        }

        return settings.WorkerId is { } id && (string.IsNullOrWhiteSpace(id) || id.Length > 256)
            ? "--worker-id is empty or longer than 256 characters."
            : null;
    }

    private static string? CannotStart(Exception ex, Uri serverUrl, CancellationToken stop) => ex switch
    {
        _ when stop.IsCancellationRequested => null,
        WeftApiException api when api.ResponseBody is null || !api.ResponseBody.TrimStart().StartsWith('{')
            => $"the server at {serverUrl} answered {(int)api.StatusCode} {api.StatusCode} to the catalog, not a Weft answer. Is --server the URL of a Weft server?",
        WeftApiException { StatusCode: HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed }
            => $"the server at {serverUrl} has no task catalog (PUT /v1/catalog answered 404). Is it a Weft server of this version?",
        WeftApiException api => $"the server refused the catalog: {ClientCommand.Describe(api)}",
        HttpRequestException http => $"cannot reach the Weft server at {serverUrl} ({Errors.Reason(http.GetBaseException())}). Is `weft server` running? Pass --server URL to use another.",
        JsonException json => $"the server at {serverUrl} answered something that is not Weft's JSON ({Errors.Reason(json)}). Is --server the URL of a Weft server?",
        TaskCanceledException => $"the Weft server at {serverUrl} did not answer in time.",
        Microsoft.Extensions.Options.OptionsValidationException options => Errors.OneLine(options.Message),
        TaskDefinitionException definition => Errors.OneLine(definition.Message),
        _ => null,
    };

    private static Exception Unwrap(Exception ex) => ex is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : ex;

    private sealed record WorkerSettings(string Module, string? Namespace, string? Server, int Parallelism, bool AutoComplete, string? WorkerId);
}
