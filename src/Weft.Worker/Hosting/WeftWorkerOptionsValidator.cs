using Microsoft.Extensions.Options;
using Weft.Worker.Tasks;

namespace Weft.Worker.Hosting;

/// <summary>Checks <see cref="WeftWorkerOptions"/> when the host starts, naming every problem at once.</summary>
internal sealed class WeftWorkerOptionsValidator : IValidateOptions<WeftWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WeftWorkerOptions options)
    {
        var problems = new List<string>();
        if (options.ServerUrl is null)
        {
            problems.Add("ServerUrl is not set: set it to the Weft server's URL, e.g. http://127.0.0.1:8080.");
        }
        else if (!options.ServerUrl.IsAbsoluteUri || (options.ServerUrl.Scheme != Uri.UriSchemeHttp && options.ServerUrl.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"ServerUrl '{options.ServerUrl}' is not an http(s) URL such as http://127.0.0.1:8080.");
        }

        if (options.Namespace is { } @namespace && !CatalogNames.IsNamespace(@namespace))
        {
            problems.Add($"Namespace '{@namespace}' is not a catalog namespace: {CatalogNames.NamespaceRule}.");
        }

        problems.AddRange(options.Problems());
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
