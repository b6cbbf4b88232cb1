using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Weft.Engine;
using Weft.Engine.Commands;
using Weft.Server.Problems;
using Weft.Server.Requests;

namespace Weft.Server.Commands;

internal static class CommandEndpoints
{
    private const string Example = "{\"command\": \"ping\", \"args\": {}}";

    public static void MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/commands", async (HttpRequest http, CommandRegistry registry, CancellationToken cancellationToken) =>
        {
            var body = await JsonBody.ReadObjectAsync(http, Example, cancellationToken);
            foreach (var (key, _) in body)
            {
                if (key is not ("command" or "args"))
                {
                    throw WeftException.Invalid($"The envelope has a field '{Short(key)}'; it takes only 'command' and 'args', e.g. {Example}.");
                }
            }

            var command = JsonBody.Text(body, "command") is { Length: > 0 } name
                ? name
                : throw WeftException.Invalid($"The envelope needs 'command', the name of a command (a string), e.g. {Example}. Send {{\"command\": \"api\"}} for the list.");
            var args = JsonBody.Object(body, "args");
            var answer = await registry.RunAsync(command, args, cancellationToken);
            var response = answer.Error is { } error
                ? new JsonObject { ["error"] = new JsonObject { ["message"] = error.Message, ["code"] = error.Code } }
                : new JsonObject { ["data"] = answer.Data };
            return Results.Content(response.ToJsonString(CommandJson.Options), "application/json");
        })
        .WithTags("Commands").WithProblems()
        .Accepts<CommandRequest>("application/json")
        .Produces<CommandResponse>()
        .WithSummary("Run a command: {\"command\": NAME, \"args\": {...}} answers 200 {\"data\"} or 200 {\"error\": {\"message\", \"code\"}}; 4xx only for a malformed envelope. {\"command\": \"api\"} lists the commands.");
    }

    private static string Short(string text) => text.Length <= 64 ? text : $"{text[..64]}…";
}
