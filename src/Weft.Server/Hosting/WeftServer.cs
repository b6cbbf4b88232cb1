using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using Weft.Engine;
using Weft.Engine.Events;
using Weft.Engine.Commands;
using Weft.Engine.Storage;
using Weft.Engine.Workers;
using Weft.Server.Auth;
using Weft.Server.Catalog;
using Weft.Server.Commands;
using Weft.Server.GraphQL;
using Weft.Server.Definitions;
using Weft.Server.Events;
using Weft.Server.Instances;
using Weft.Server.Jobs;
using Weft.Server.Problems;
using Weft.Server.Requests;
using Weft.Server.UserTasks;
using Weft.Server.Workers;
using Weft.Storage.Postgres;
using Weft.Storage.Sqlite;

namespace Weft.Server.Hosting;

/// <summary>Builds the Weft server: engine, store, sweepers and the REST endpoints, ready to <c>RunAsync</c>.</summary>
public static class WeftServer
{
    /// <param name="configure">Extra registrations, e.g. an in-process worker for the demo.</param>
    public static WebApplication Build(WeftServerOptions options, TimeProvider? time = null, Action<WebApplicationBuilder>? configure = null)
    {
        if (options.SweepInterval <= TimeSpan.Zero || options.SweepInterval > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"The sweep interval is {options.SweepInterval}; it must be more than zero and at most one day.", nameof(options));
        }

        if (options.Engine.EventRetention < WeftEngineOptions.MinEventRetention || options.Engine.EventRetention > WeftEngineOptions.MaxEventRetention)
        {
            throw new ArgumentException($"The event retention is {options.Engine.EventRetention}; it must be from one minute (PT1M) to 365 days (P365D).", nameof(options));
        }

        if (options.WrongKeysPerMinute < 1)
        {
            throw new ArgumentException($"WrongKeysPerMinute is {options.WrongKeysPerMinute}; it must be at least 1.", nameof(options));
        }

        var keys = new ApiKeyRing(options.ApiKeys);
        // No reload of appsettings.json on change: its watcher covers the whole content root, the folder the server
        // runs in, and woke on every write to a database file there (5 % of the server's CPU under load).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;

            // Kestrel refuses a longer request line itself, with an empty 414; up to this size RequestChecks answers
            // with a problem that says what the limit is.
            kestrel.Limits.MaxRequestLineSize = 1024 * 1024;
            kestrel.ConfigureEndpointDefaults(listen => RefusalBodies.Use(listen));
        });

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Weft's clock goes to the engine only: ASP.NET Core resolves TimeProvider from the container for its own timeouts.
        var clock = time ?? TimeProvider.System;
        var store = CreateStore(options.Database);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IWeftStore>(_ => store); // A factory, so the container owns the store and disposes it.
        builder.Services.AddSingleton(services =>
        {
            var engine = new WeftEngine(services.GetRequiredService<IWeftStore>(), clock, options.Engine, services.GetService<IMeterFactory>());
            var log = services.GetRequiredService<ILogger<WorkerService>>();
            engine.Workers.RecordingFailed += (workerId, error) => WorkerLog.RecordingFailed(log, error, workerId);
            var eventLog = services.GetRequiredService<ILogger<EventService>>();
            engine.Events.ReadingFailed += error => EventLog.ReadingFailed(eventLog, error);
            engine.Events.Metrics.CountingFailed += error => EventLog.CountingFailed(eventLog, error);
            return engine;
        });
        builder.Services.AddSingleton(new CommandHost(ServerVersion, Ids.New(), YamlDocument.ToJson));
        builder.Services.AddSingleton<GraphRunner>();
        builder.Services.AddSingleton(services =>
        {
            var engine = services.GetRequiredService<WeftEngine>();
            return CommandRegistry.ForEngine(engine, services.GetRequiredService<CommandHost>(), new GraphqlCommand(engine, services.GetRequiredService<GraphRunner>()));
        });
        builder.Services.AddHostedService<StoreMigration>();
        builder.Services.AddHostedService<Sweeper>();
        builder.Services.AddHostedService<ReadyJobListener>();
        builder.Services.AddHostedService<EventRetentionSweeper>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(WeftMetrics.MeterName).AddPrometheusExporter());

        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problem.Complete);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, WeftJsonContext.Default);
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper));
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict; // "5" is not a number
        });
        builder.Services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer<ApiKeyOpenApi>());
        builder.Services.AddSingleton(keys);
        if (!keys.IsEmpty)
        {
            builder.Services.AddRateLimiter(limiter => WrongKeyLimiter.Configure(limiter, keys, options.WrongKeysPerMinute));
        }
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // Routing misses (404, 405, 415) answer problem+json too, completed by Problem.Complete.
        app.UseRouting(); // before the key checks: the route decides the scope a key needs
        if (!keys.IsEmpty)
        {
            // Without keys there is nothing to check or limit: no middleware (and no limiter lock) on every request.
            app.UseRateLimiter();
            app.UseMiddleware<ApiKeyChecks>();
        }

        app.UseMiddleware<RequestChecks>();
        app.MapOpenApi("/openapi/v1.json");
        app.MapGet("/healthz", () => Results.Ok(new HealthResponse("ok"))).WithTags("Health");
        app.MapDefinitionEndpoints();
        app.MapInstanceEndpoints();
        app.MapJobEndpoints();
        app.MapUserTaskEndpoints();
        app.MapCatalogEndpoints();
        app.MapWorkerEndpoints();
        app.MapEventEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
        app.MapCommandEndpoints();
        app.MapGraphqlEndpoints();
        return app;
    }

    /// <summary>The server's version as <c>ping</c> tells it: the assembly's informational version, without the commit hash.</summary>
    public static string ServerVersion { get; } =
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(WeftServer).Assembly)?.InformationalVersion ?? "0.0.0")
            .Split('+')[0];

    /// <summary>PostgreSQL for a connection string (it has '='), else a SQLite file.</summary>
    private static IWeftStore CreateStore(string database)
    {
        if (!database.Contains('=', StringComparison.Ordinal))
        {
            return new SqliteWeftStore(database);
        }

        try
        {
            return new PostgresWeftStore(database);
        }
        catch (ArgumentException ex)
        {
            // The connection string is not repeated: it may hold a password.
            throw new ArgumentException(
                $"The database looks like a PostgreSQL connection string (it has '='), but it cannot be read ({ex.Message.TrimEnd('.')}). Pass one such as \"Host=db.example;Database=weft;Username=weft;Password=...\", or a SQLite file path such as weft.db.",
                ex);
        }
    }
}
