using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Weft.Server.Auth;

/// <summary>
/// Says in the OpenAPI document how a client presents an API key (<c>Authorization: Bearer KEY</c>) and what every
/// route but <c>/healthz</c> answers when the server requires keys (<c>--api-key</c>) and the key is missing, wrong,
/// of too small a scope, or one of too many wrong ones. Without keys the server needs none: the requirement is
/// optional.
/// </summary>
internal sealed class ApiKeyOpenApi : IOpenApiDocumentTransformer
{
    public const string SchemeName = "apiKey";

    private static readonly (string Status, string Description)[] Refusals =
    [
        ("401", "Unauthorized: the server requires API keys and the request has none, or a wrong one"),
        ("403", "Forbidden: a worker key on a route only an admin key may use"),
        ("429", "Too Many Requests: too many wrong keys from this address; wait for Retry-After"),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key of the server's --api-key or WEFT_API_KEYS, as Authorization: Bearer KEY. "
                + "An admin key may do everything; a worker key may poll, complete, fail, heartbeat and report progress of jobs, "
                + "read a job and publish or read the catalog. A server started without keys requires none.",
        };

        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (path == RouteScopes.Health || item.Operations is null)
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                operation.Security = [new OpenApiSecurityRequirement(), requirement];
                operation.Responses ??= [];
                foreach (var (status, description) in Refusals)
                {
                    operation.Responses[status] = new OpenApiResponse
                    {
                        Description = description,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                        },
                    };
                }
            }
        }

        return Task.CompletedTask;
    }
}
