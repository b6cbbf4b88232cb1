using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Weft.Engine;

namespace Weft.Server.GraphQL;

/// <summary>Runs GraphQL requests against <see cref="WeftSchema"/> within <see cref="GraphLimits"/>, for the endpoint and the command alike.</summary>
internal sealed class GraphRunner : IDisposable
{
    private static readonly GraphQLSerializer Serializer = new();

    private readonly WeftSchema _schema = new();
    private readonly DocumentExecuter _executer = new();
    private readonly IValidationRule[] _rules =
    [
        .. DocumentValidator.CoreRules,
        new ComplexityValidationRule(new ComplexityOptions { MaxDepth = GraphLimits.MaxDepth, MaxComplexity = GraphLimits.MaxComplexity }),
    ];

    public void Dispose() => _schema.Dispose();

    /// <summary>The GraphQL answer (<c>data</c> and/or <c>errors</c>) as JSON. Throws a 400 <see cref="WeftException"/> for a request that is not one.</summary>
    public async Task<JsonNode> RunAsync(WeftEngine engine, GraphRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            throw WeftException.Invalid("The GraphQL request needs a 'query', e.g. {\"query\": \"{ instances { total } }\"}.");
        }

        if (request.Query.Length > GraphLimits.MaxQueryLength)
        {
            throw WeftException.Invalid($"The query is {request.Query.Length:N0} characters long; the limit is {GraphLimits.MaxQueryLength:N0}.");
        }

        var result = await _executer.ExecuteAsync(options =>
        {
            options.Schema = _schema;
            options.Query = request.Query;
            options.OperationName = request.OperationName;
            options.Variables = request.Variables is null ? Inputs.Empty : Serializer.Deserialize<Inputs>(request.Variables.ToJsonString()) ?? Inputs.Empty;
            options.UserContext = new GraphContext(engine);
            options.ValidationRules = _rules;
            options.CancellationToken = cancellationToken;
            options.UnhandledExceptionDelegate = context =>
            {
                // An engine refusal says what is wrong in words a caller can act on; anything else stays generic.
                if (context.OriginalException is WeftException weft)
                {
                    context.ErrorMessage = weft.Message;
                }

                return Task.CompletedTask;
            };
        });
        return JsonNode.Parse(Serializer.Serialize(result))!;
    }
}
