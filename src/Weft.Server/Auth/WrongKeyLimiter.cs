using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using Weft.Server.Problems;

namespace Weft.Server.Auth;

/// <summary>
/// ASP.NET Core's rate limiter, limiting wrong keys only: each remote address may send
/// <see cref="Hosting.WeftServerOptions.WrongKeysPerMinute"/> wrong keys at once, refilled evenly over a minute; beyond that it gets 429 with
/// <c>Retry-After</c>. Requests with a right key or none are never limited here, so a guesser cannot lock out the
/// workers behind the same address.
/// </summary>
internal static class WrongKeyLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static void Configure(RateLimiterOptions options, ApiKeyRing ring, int perMinute)
    {
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            !context.Request.Path.Equals(RouteScopes.Health, StringComparison.Ordinal) && RequestKey.Verdict(context, ring) == KeyVerdict.Wrong
                ? RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = Window / perMinute,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(""));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (rejected, _) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window / perMinute;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            rejected.HttpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
            await Problem.Result(
                StatusCodes.Status429TooManyRequests,
                $"Too many wrong API keys from this address; try again in {seconds} s with the right key.")
                .ExecuteAsync(rejected.HttpContext);
        };
    }
}
