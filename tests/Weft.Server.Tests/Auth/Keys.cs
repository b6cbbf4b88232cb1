using System.Net.Http.Headers;
using Weft.Server.Auth;
using Weft.Server.Hosting;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Auth;

/// <summary>The keys the auth tests start servers with, and clients that send them.</summary>
internal static class Keys
{
    public const string Admin = "admin-key-5d1f0c8e9b7a4f2e";
    public const string Worker = "worker-key-3a9e7c1d5b2f8e04";
    public const string Wrong = "wrong-key-0000000000000000";

    public static void Configure(WeftServerOptions options)
    {
        options.ApiKeys.Add(new ApiKey(ApiScope.Admin, Admin));
        options.ApiKeys.Add(new ApiKey(ApiScope.Worker, Worker));
    }

    public static Task<WeftTestServer> StartServerAsync(Action<WeftServerOptions>? more = null) =>
        WeftTestServer.StartAsync(configure: options =>
        {
            Configure(options);
            more?.Invoke(options);
        });

    /// <summary>An HttpClient for the server that sends <paramref name="key"/> (none when null).</summary>
    public static HttpClient Http(WeftTestServer server, string? key)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }
}
