using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Weft.Server.Problems;

namespace Weft.Server.Auth;

/// <summary>
/// With API keys configured, every request but <c>/healthz</c> needs <c>Authorization: Bearer KEY</c>: 401 without
/// one or with a wrong one, 403 when a worker key asks for what <see cref="RouteScopes"/> keeps for admin keys. Runs
/// after routing, so that the route decides the scope.
/// </summary>
internal sealed class ApiKeyChecks(RequestDelegate next, ApiKeyRing ring)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals(RouteScopes.Health, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        switch (RequestKey.Verdict(context, ring))
        {
            case KeyVerdict.Missing:
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
                await Problem.Result(
                    StatusCodes.Status401Unauthorized,
                    "This server needs an API key: send the header Authorization: Bearer KEY (weft and the worker SDKs read the key from WEFT_API_KEY).")
                    .ExecuteAsync(context);
                return;
            case KeyVerdict.Wrong:
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
                await Problem.Result(
                    StatusCodes.Status401Unauthorized,
                    "The API key is not one this server knows. Check WEFT_API_KEY (or the Authorization: Bearer header) against the keys the server was started with.")
                    .ExecuteAsync(context);
                return;
            case KeyVerdict.Worker when !await RouteScopes.AllowsWorkerAsync(context):
                await Problem.Result(
                    StatusCodes.Status403Forbidden,
                    $"{context.Request.Method} {context.Request.Path} needs an admin key; {RouteScopes.WorkerMay}.")
                    .ExecuteAsync(context);
                return;
            default:
                await next(context);
                return;
        }
    }
}
