using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Weft.Server.Tests.Support;

public static class ProblemAssert
{
    /// <summary>Asserts a problem+json answer with the status, a message containing <paramref name="says"/>, and no stack trace.</summary>
    public static async Task<JsonObject> IsProblemAsync(HttpResponseMessage response, int status, string says)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.Equal($"urn:weft:problem:{status}", problem["type"]!.GetValue<string>());
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Equal(detail, problem["message"]!.GetValue<string>());
        Assert.Contains(says, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Weft.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", detail, StringComparison.Ordinal);
        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonTextAsync(this HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostObjectAsync(this HttpClient http, string path, object body) =>
        http.PostAsJsonAsync(path, body);
}
