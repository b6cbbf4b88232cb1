using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Server.Tests.Commands;

/// <summary>Sends envelopes to POST /v1/commands and reads the answers.</summary>
internal static class CommandClient
{
    public static async Task<JsonObject> SendAsync(HttpClient http, string command, JsonObject? args = null)
    {
        var envelope = new JsonObject { ["command"] = command };
        if (args is not null)
        {
            envelope["args"] = args;
        }

        return await SendRawAsync(http, envelope.ToJsonString());
    }

    public static async Task<JsonObject> SendRawAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync(new Uri("/v1/commands", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The data of a command that must succeed.</summary>
    public static async Task<JsonNode> DataAsync(HttpClient http, string command, JsonObject? args = null)
    {
        var answer = await SendAsync(http, command, args);
        Assert.True(answer["error"] is null, $"{command} failed: {answer.ToJsonString()}");
        return answer["data"]!;
    }

    /// <summary>The error of a command that must fail.</summary>
    public static async Task<JsonObject> ErrorAsync(HttpClient http, string command, JsonObject? args = null)
    {
        var answer = await SendAsync(http, command, args);
        Assert.True(answer["error"] is JsonObject, $"{command} did not fail: {answer.ToJsonString()}");
        return answer["error"]!.AsObject();
    }
}
