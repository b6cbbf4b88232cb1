using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Weft.Server.Auth;
using Weft.Server.Hosting;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Auth;

public sealed class KeySecurityTests
{
    [Fact]
    public async Task A_burst_of_wrong_keys_from_one_address_gets_429_with_Retry_After_and_the_right_key_still_works()
    {
        await using var server = await Keys.StartServerAsync(options => options.WrongKeysPerMinute = 5);
        using var wrong = Keys.Http(server, Keys.Wrong);
        using var admin = Keys.Http(server, Keys.Admin);

        // The bucket refills one key every 12 s, so a burst of 5 plus a few more must meet the limit.
        HttpResponseMessage? limited = null;
        var statuses = new List<int>();
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await wrong.GetAsync(new Uri("/v1/instances", UriKind.Relative));
            statuses.Add((int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.True(limited is not null, $"no 429 after {statuses.Count} wrong keys: {string.Join(", ", statuses)}");
        Assert.True(statuses.Count >= 6, $"limited too early: {string.Join(", ", statuses)}");
        Assert.All(statuses[..^1], s => Assert.Equal(401, s));
        using (limited)
        {
            var problem = await ProblemAssert.IsProblemAsync(limited, 429, "Too many wrong API keys");
            Assert.Equal("TOO_MANY_REQUESTS", problem["error"]!.GetValue<string>());
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.True(retryAfter is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After is {retryAfter}");
        }

        using var health = await wrong.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var right = await admin.GetAsync(new Uri("/v1/instances", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        using var missing = await new HttpClient { BaseAddress = server.BaseAddress }.GetAsync(new Uri("/v1/instances", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
    }

    [Fact]
    public async Task No_key_shows_in_the_logs_even_at_trace_level()
    {
        var logs = new CapturedLogs();
        await using var server = await WeftTestServer.StartAsync(
            configure: Keys.Configure,
            host: builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddFilter("Microsoft", LogLevel.Trace);
                builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Trace); // the server keeps ASP.NET Core at Warning
            });

        foreach (var key in new[] { Keys.Admin, Keys.Worker, Keys.Wrong })
        {
            using var http = Keys.Http(server, key);
            using var _1 = await http.GetAsync(new Uri("/v1/instances", UriKind.Relative));
            using var _2 = await http.PostAsync(new Uri("/v1/commands", UriKind.Relative), new StringContent("""{"command": "list"}""", Encoding.UTF8, "application/json"));
            using var _3 = await http.PostAsync(new Uri("/v1/jobs/poll", UriKind.Relative), new StringContent("{", Encoding.UTF8, "application/json"));
        }

        Assert.True(logs.Count > 10, $"too little was logged to tell: {logs.Text}");
        Assert.DoesNotContain(Keys.Admin, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Keys.Worker, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Keys.Wrong, logs.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin:short", "at least 16")]
    [InlineData("root:0123456789abcdef0123", "admin or worker")]
    [InlineData("0123456789abcdef0123", "admin or worker")]
    [InlineData("worker:0123456789 abcdef0123", "space")]
    public void A_key_spec_that_cannot_be_used_is_refused_without_showing_the_key(string spec, string says)
    {
        var refusal = Assert.Throws<ArgumentException>(() => ApiKey.Parse(spec));

        Assert.Contains(says, refusal.Message, StringComparison.Ordinal);
        var key = spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(key, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_never_shows_in_its_text()
    {
        var key = ApiKey.Parse("worker:" + Keys.Worker);

        Assert.Equal(ApiScope.Worker, key.Scope);
        Assert.Equal("worker:***", key.ToString());
    }

    [Fact]
    public void The_same_key_twice_is_refused_when_the_server_is_built()
    {
        var options = new WeftServerOptions { Database = Path.Combine(Path.GetTempPath(), $"weft-{Guid.NewGuid():N}.db") };
        options.ApiKeys.Add(new ApiKey(ApiScope.Admin, Keys.Admin));
        options.ApiKeys.Add(new ApiKey(ApiScope.Worker, Keys.Admin));

        var refusal = Assert.Throws<ArgumentException>(() => WeftServer.Build(options));

        Assert.Contains("twice", refusal.Message, StringComparison.Ordinal);
    }
}
