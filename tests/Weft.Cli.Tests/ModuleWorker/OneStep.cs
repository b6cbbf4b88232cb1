using System.Text.Json.Nodes;
using Weft.Cli.Tests.PythonWorker;

namespace Weft.Cli.Tests.ModuleWorker;

/// <summary>Definitions of one SERVICE_TASK step (<c>run</c>) then END, with the lease the tests need.</summary>
public static class OneStep
{
    /// <param name="timeout">The step's timeout, which is the lease its job gets; the server's default when null.</param>
    public static async Task DeployAsync(WeftRest rest, string definitionId, string task, int retryCount = 0, string? timeout = null)
    {
        var step = new JsonObject
        {
            ["id"] = "run",
            ["type"] = "SERVICE_TASK",
            ["jobType"] = task,
            ["retryCount"] = retryCount,
            ["retryBackoff"] = new JsonObject { ["initial"] = "PT0S", ["max"] = "PT0S" }, // retries at once
            ["nextStep"] = "end",
        };
        if (timeout is not null)
        {
            step["timeout"] = timeout;
        }

        await rest.PostAsync("/v1/definitions", new JsonObject
        {
            ["id"] = definitionId,
            ["steps"] = new JsonArray(step, new JsonObject { ["id"] = "end", ["type"] = "END" }),
        });
    }
}
