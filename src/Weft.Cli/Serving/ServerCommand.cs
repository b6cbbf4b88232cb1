using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weft.Cli.Contact;
using Weft.Engine;
using Weft.Engine.Commands;
using Weft.Engine.Definitions;
using Weft.Server.Auth;
using Weft.Server.Hosting;

namespace Weft.Cli.Serving;

/// <summary>
/// <c>weft server [--db FILE|CONNECTION] [--urls URL] [--lease DURATION] [--poll-recheck DURATION] [--event-retention DURATION]
/// [--api-key SCOPE:KEY]... [--contact-dir DIR] [--demo]</c>: runs the engine server until Ctrl-C or SIGTERM, with its
/// contact file in <c>DIR/.weft/contact</c>.
/// </summary>
internal static class ServerCommand
{
    private const string Name = "weft server";
    private const int SqliteNotADatabase = 26;
    private const string KeysVariable = "WEFT_API_KEYS";

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

        var apiKeys = new Option<string[]>("--api-key")
        {
            Description = $"An API key as SCOPE:KEY, SCOPE admin (everything) or worker (poll, report, publish the catalog); at least {ApiKey.MinLength} characters. Repeatable; ${KeysVariable}=\"admin:K1,worker:K2\" adds more. With keys, every route but /healthz needs one.",
            AllowMultipleArgumentsPerToken = false,
        };
        var contactDir = new Option<string?>("--contact-dir")
        {
            Description = $"The folder whose {ContactFile.RelativePath} tells `weft` where this server listens (default: the current folder).",
        };

        var command = new Command("server", "Run the Weft server (REST API on SQLite or PostgreSQL).") { db, urls, lease, pollRecheck, eventRetention, apiKeys, contactDir, demo };
        command.Description += """


            Examples:
              weft server
              weft server --db weft.db --urls http://0.0.0.0:8080 --api-key admin:$ADMIN_KEY --api-key worker:$WORKER_KEY
              WEFT_API_KEYS="admin:$ADMIN_KEY" weft server --db "Host=db;Database=weft;Username=weft;Password=..."
            """;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new WeftServerOptions { Database = parse.GetValue(db)!, Urls = parse.GetValue(urls)! };
            if ((Refuse(options, parse.GetValue(lease)!, out var leaseDuration) ?? AddKeys(options, parse.GetValue(apiKeys) ?? [])) is { } problem)
            {
                return Fail(problem);
            }

            var recheck = parse.GetValue(pollRecheck)!;
            if (!IsoDuration.TryParse(recheck, out var recheckDuration) || recheckDuration < TimeSpan.FromMilliseconds(100) || recheckDuration > TimeSpan.FromMinutes(1))
            {
                return Fail($"--poll-recheck '{recheck}' is not an ISO-8601 duration from PT0.1S to PT1M, such as PT1S.");
            }

            var retention = parse.GetValue(eventRetention)!;
            if (!IsoDuration.TryParse(retention, out var retentionDuration)
                || retentionDuration < WeftEngineOptions.MinEventRetention || retentionDuration > WeftEngineOptions.MaxEventRetention)
            {
                return Fail($"--event-retention '{retention}' is not an ISO-8601 duration from PT1M to P365D, such as P1D or PT12H.");
            }

            var contact = ContactFile.PathIn(parse.GetValue(contactDir) ?? Directory.GetCurrentDirectory());
            if (ClaimContact(contact) is { } running)
            {
                return Fail(running);
            }

            options.Engine.LeaseDuration = leaseDuration;
            options.Engine.LongPollRecheck = recheckDuration;
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
                var runId = app.Services.GetRequiredService<CommandHost>().RunId;
                try
                {
                    ContactFile.Write(contact, ContactOf(app.Urls.First(), runId));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await app.StopAsync(CancellationToken.None);
                    return Fail($"cannot write the contact file {contact} ({Errors.Reason(ex)}). Pass --contact-dir with a folder it may write to.");
                }

                Console.WriteLine($"weft server: contact file {contact}. {KeysSummary(options)}");

                // Removed as soon as shutdown starts: a client that reads it then would only find a server going away.
                using var removal = app.Lifetime.ApplicationStopping.Register(() => ContactFile.Remove(contact, runId));
                try
                {
                    await app.WaitForShutdownAsync(cancellationToken);
                }
                finally
                {
                    ContactFile.Remove(contact, runId);
                }
            }

            return ExitCode.Ok;
        });
        return command;
    }

    /// <summary>Adds the keys of --api-key and WEFT_API_KEYS; what is wrong with one of them (never the key itself), or null.</summary>
    private static string? AddKeys(WeftServerOptions options, string[] specs)
    {
        var fromEnvironment = (Environment.GetEnvironmentVariable(KeysVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var given = specs.Select((spec, i) => (Spec: spec, Where: $"--api-key #{i + 1}"))
            .Concat(fromEnvironment.Select((spec, i) => (Spec: spec, Where: $"{KeysVariable} entry {i + 1}")));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (spec, where) in given)
        {
            try
            {
                var key = ApiKey.Parse(spec);
                if (!seen.Add(key.Key))
                {
                    return $"{where}: the same key is given twice; give each key once, with one scope.";
                }

                options.ApiKeys.Add(key);
            }
            catch (ArgumentException ex)
            {
                // ArgumentException appends " (Parameter 'key')" to the message.
                var at = ex.Message.LastIndexOf(" (Parameter", StringComparison.Ordinal);
                return $"{where}: {Errors.OneLine(at > 0 ? ex.Message[..at] : ex.Message)}";
            }
        }

        return null;
    }

    private static string KeysSummary(WeftServerOptions options) => options.ApiKeys.Count == 0
        ? "No API keys: anyone who reaches the server may do everything (pass --api-key to require keys)."
        : $"API keys: {options.ApiKeys.Count(k => k.Scope == ApiScope.Admin)} admin, {options.ApiKeys.Count(k => k.Scope == ApiScope.Worker)} worker; every route but /healthz needs one.";

    /// <summary>Why another server owns <paramref name="contact"/>; null when it is free (none, or a stale one to take over).</summary>
    private static string? ClaimContact(string contact)
    {
        ContactInfo? existing;
        try
        {
            existing = ContactFile.Read(contact);
        }
        catch (FormatException)
        {
            return null; // not a contact file: written over once this server listens
        }

        if (existing is null || existing.Pid == Environment.ProcessId || !ContactFile.IsRunning(existing.Pid))
        {
            if (existing is not null)
            {
                Console.WriteLine($"weft server: taking over {contact}: process {existing.Pid}, which wrote it, is not running.");
            }

            return null;
        }

        return $"a Weft server already runs here: process {existing.Pid} at {existing.Url} (started {existing.StartedAt:u}), as {contact} says. Stop it, use it (weft ping), or pass --contact-dir DIR to run another server with its own contact file.";
    }

    private static ContactInfo ContactOf(string address, string runId)
    {
        var listening = new Uri(address);
        // A server listening on every interface is reached on this machine through loopback.
        var host = listening.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : listening.Host;
        var url = new UriBuilder(listening) { Host = host }.Uri.GetLeftPart(UriPartial.Authority);
        return new ContactInfo(listening.Host, listening.Port, url, Environment.ProcessId, ContactFile.ApiVersion, runId, DateTimeOffset.UtcNow);
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
