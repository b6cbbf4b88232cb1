using System.Text.Json.Nodes;
using Weft.Server.Tests.Api;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Auth;

/// <summary>The OpenAPI document tells generated clients how to send a key and what a refused one gets.</summary>
public sealed class KeyDocumentationTests : IAsyncLifetime
{
    private WeftTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WeftTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_document_names_the_bearer_scheme_and_every_route_but_healthz_may_use_it_and_lists_401_403_and_429()
    {
        var document = await OpenApiDocument.FetchAsync(_server);

        var scheme = document["components"]!["securitySchemes"]!["apiKey"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Path: path.Key, Method: operation.Key, Operation: operation.Value!)))
            .ToList();
        Assert.Contains(operations, o => o.Path == "/v1/jobs/poll");
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            if (path == "/healthz")
            {
                Assert.True(operation["security"] is null, $"{where} needs no key but the document asks for one");
                continue;
            }

            // Optional: a server started without keys needs none.
            Assert.True(
                JsonNode.DeepEquals(JsonNode.Parse("""[{}, {"apiKey": []}]"""), operation["security"]),
                $"{where}: security is {operation["security"]?.ToJsonString() ?? "missing"}");
            foreach (var status in new[] { "401", "403", "429" })
            {
                Assert.True(operation["responses"]?[status]?["content"]?["application/problem+json"] is not null, $"{where} does not list its {status} answer");
            }
        }
    }
}
