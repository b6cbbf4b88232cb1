using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Weft.Server.Problems;

/// <summary>Declares in the OpenAPI document the problem+json answers every Weft route can give.</summary>
internal static class ProblemResponses
{
    public static TBuilder WithProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
