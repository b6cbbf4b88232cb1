using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Weft.Server.Auth;

/// <summary>Reads a request's key once (the rate limiter and <see cref="ApiKeyChecks"/> both need the verdict).</summary>
internal static class RequestKey
{
    private static readonly object ItemKey = new();

    public static KeyVerdict Verdict(HttpContext context, ApiKeyRing ring)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is KeyVerdict known)
        {
            return known;
        }

        var verdict = Read(context.Request.Headers[HeaderNames.Authorization].ToString(), ring);
        context.Items[ItemKey] = verdict;
        return verdict;
    }

    private static KeyVerdict Read(string header, ApiKeyRing ring)
    {
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || header.Length == Bearer.Length)
        {
            return KeyVerdict.Missing;
        }

        return ring.Find(header[Bearer.Length..].Trim()) switch
        {
            ApiScope.Admin => KeyVerdict.Admin,
            ApiScope.Worker => KeyVerdict.Worker,
            _ => KeyVerdict.Wrong,
        };
    }
}
