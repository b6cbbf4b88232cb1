using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weft.Engine;
using Weft.Engine.Definitions;
using Weft.Server.Hosting;

namespace Weft.Cli.Serving;

/// <summary><c>weft server [--db FILE|CONNECTION] [--urls URL] [--lease DURATION] [--poll-recheck DURATION] [--demo]</c>: runs the engine server until Ctrl-C.</summary>
internal static class ServerCommand
{
    private const string Name = "weft server";
    private const int SqliteNotADatabase = 26;

    public static Command Create()
    {
        var db = new Option<string>("--db")
        {
            Description = "The SQLite database file (created when missing), or a PostgreSQL connection string such as \"Host=db;Database=weft;Username=weft;Password=...\" (many servers can share it).",
            DefaultValueFactory = _ => "weft.db",
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://127.0.0.1:8080 (port 0 picks a free port).",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
        };
        var lease = new Option<string>("--lease")
        {
            Description = "How long a worker holds a polled job before it may go to another worker (ISO-8601, e.g. PT30S, PT5M). A step's timeout overrides it.",
            DefaultValueFactory = _ => "PT30S",
        };
        var pollRecheck = new Option<string>("--poll-recheck")
        {
            Description = "How often a waiting long poll looks for jobs no notice announced: a retry whose backoff ended, a lease taken back on another node (ISO-8601, PT0.1S to PT1M).",
            DefaultValueFactory = _ => "PT1S",
        };
        var eventRetention = new Option<string>("--event-retention")
        {
            Description = "How long the event table keeps events, for GET /v1/events to resume within (ISO-8601, PT1M to P365D).",
            DefaultValueFactory = _ => "P1D",
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "Also upload the sample definitions, run the sample worker in this process and start a few instances.",
        };

        var command = new Command("server", "Run the Weft server (REST API on SQLite or PostgreSQL).") { db, urls, lease, pollRecheck, eventRetention, demo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new WeftServerOptions { Database = parse.GetValue(db)!, Urls = parse.GetValue(urls)! };
            if (Refuse(options, parse.GetValue(lease)!, out var leaseDuration) is { } problem)
            {
                return Fail(problem);
            }

            var recheck = parse.GetValue(pollRecheck)!;
            if (!IsoDuration.TryParse(recheck, out var recheckDuration) || recheckDuration < TimeSpan.FromMilliseconds(100) || recheckDuration > TimeSpan.FromMinutes(1))
            {
                return Fail($"--poll-recheck '{recheck}' is not an ISO-8601 duration from PT0.1S to PT1M, such as PT1S.");
            }

            options.Engine.LeaseDuration = leaseDuration;
            options.Engine.LongPollRecheck = recheckDuration;
            var retention = parse.GetValue(eventRetention)!;
            if (!IsoDuration.TryParse(retention, out var retentionDuration)
                || retentionDuration < WeftEngineOptions.MinEventRetention || retentionDuration > WeftEngineOptions.MaxEventRetention)
            {
                return Fail($"--event-retention '{retention}' is not an ISO-8601 duration from PT1M to P365D, such as P1D or PT12H.");
            }

            options.Engine.EventRetention = retentionDuration;
            var started = false;
            var failed = false;
            WebApplication app;
            try
            {
                app = WeftServer.Build(options, configure: builder =>
                {
                    // The host logs a failed start with its stack trace on stdout; CannotStart reports it in one line instead.
                    builder.Logging.AddFilter("Microsoft.Extensions.Hosting", level => started && level >= LogLevel.Information);
                    // The lifetime says where it listens, and after a failed start it may still say "shutting down" as
                    // the process exits: only the one line of CannotStart may follow a failed start.
                    builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", level => !failed && level >= LogLevel.Information);
                    if (parse.GetValue(demo))
                    {
                        builder.Services.AddHostedService<DemoWorker>();
                    }
                });
            }
            catch (ArgumentException ex)
            {
                return Fail(Errors.OneLine(ex.Message));
            }

            await using (app)
            {
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed = true;
                    return Fail(CannotStart(ex, options));
                }

                started = true;
                await app.WaitForShutdownAsync(cancellationToken);
            }

            return ExitCode.Ok;
        });
        return command;
    }

    /// <summary>What is wrong with the options before anything is created; null when nothing is.</summary>
    private static string? Refuse(WeftServerOptions options, string lease, out TimeSpan leaseDuration)
    {
        if (!IsoDuration.TryParse(lease, out leaseDuration) || leaseDuration <= TimeSpan.Zero)
        {
            return $"--lease '{lease}' is not a positive ISO-8601 duration such as PT30S or PT5M.";
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            return "--db is empty. Pass a database file such as weft.db, or a PostgreSQL connection string.";
        }

        if (Directory.Exists(options.Database))
        {
            return $"{Path.GetFullPath(options.Database)} is a directory. Pass --db with a database file, e.g. {Path.Combine(options.Database, "weft.db")}.";
        }

        if (string.IsNullOrWhiteSpace(options.Urls))
        {
            return "--urls is empty. Pass where to listen, e.g. http://127.0.0.1:8080.";
        }

        return options.Urls.Contains("https:", StringComparison.OrdinalIgnoreCase)
            ? $"--urls '{options.Urls}': weft server serves plain HTTP. Pass an http:// URL such as http://127.0.0.1:8080 (and put a TLS proxy in front for HTTPS)."
            : null;
    }

    private static string CannotStart(Exception ex, WeftServerOptions options)
    {
        var reason = Errors.Reason(ex);
        var database = Path.GetFullPath(options.Database);
        return ex switch
        {
            NpgsqlException
                => $"cannot use the PostgreSQL database {PostgresTarget(options.Database)} ({PostgresReason(ex)}). Check the connection string given to --db, and that the server is up and lets this user in.",
            IOException when ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                => $"{options.Urls} is already in use. Stop the other server or pass --urls with another port.",
            SqliteException { SqliteErrorCode: SqliteNotADatabase }
                => $"{database} is not a SQLite database ({reason}). Pass --db with a new or existing Weft database file.",
            SqliteException
                => $"{database} cannot be used as the Weft database ({reason}). Pass --db with a new or existing Weft database file.",
            ArgumentOutOfRangeException { ParamName: "port" }
                => $"--urls '{options.Urls}' has a port outside 0-65535. Pass e.g. http://127.0.0.1:8080.",
            FormatException
                => $"--urls '{options.Urls}' is not a URL to listen on ({reason}). Pass e.g. http://127.0.0.1:8080.",
            _ => $"could not start ({reason}).",
        };
    }

    /// <summary>Where a connection string points, without its password.</summary>
    private static string PostgresTarget(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"'{builder.Database ?? builder.Username ?? "postgres"}' on {builder.Host ?? "localhost"}:{builder.Port}";
    }

    // "Failed to connect to 127.0.0.1:5432" says where, not why; the socket error under it says why.
    private static string PostgresReason(Exception ex) =>
        ex.InnerException is { } inner and not NpgsqlException && Errors.Reason(inner) is var why && why != Errors.Reason(ex)
            ? $"{Errors.Reason(ex)}: {why}"
            : Errors.Reason(ex);

    private static int Fail(string message) => Errors.Write(ExitCode.Usage, message, Name);
}
