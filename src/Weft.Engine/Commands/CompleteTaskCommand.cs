using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

internal sealed class CompleteTaskCommand(WeftEngine engine) : WeftCommand
{
    public override string Name => "complete-task";

    public override string Summary => "Completes a user task, by its id or by the instance and USER_TASK step; the variables are its result.";

    public override IReadOnlyList<CommandArgument> Arguments { get; } =
    [
        new("taskId", "string", false, "The user task's id. Give this, or instanceId and stepId."),
        new("instanceId", "string", false, "The instance whose USER_TASK step to complete (with stepId)."),
        new("stepId", "string", false, "The USER_TASK step (with instanceId)."),
        new("variables", "object", false, "The task's result, merged into the instance's variables."),
        new("completedBy", "string", false, "Who completed it."),
    ];

    public override JsonObject ExampleArgs => new()
    {
        ["instanceId"] = "0196a3c2-7f11-7c3e-9d5a-2b8f4e6a1c90",
        ["stepId"] = "approve",
        ["variables"] = new JsonObject { ["approved"] = true },
        ["completedBy"] = "ada",
    };

    public override async Task<JsonNode?> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var variables = args.Json("variables");
        var completedBy = args.Text("completedBy");
        if (args.Has("taskId"))
        {
            if (args.Has("instanceId") || args.Has("stepId"))
            {
                throw WeftException.Invalid("Command 'complete-task' takes either 'taskId', or 'instanceId' and 'stepId', not both.");
            }

            var taskId = args.RequiredString("taskId");
            await engine.UserTasks.CompleteAsync(taskId, completedBy, variables, cancellationToken);
            return new JsonObject { ["taskId"] = taskId, ["result"] = "completed" };
        }

        if (!args.Has("instanceId") || !args.Has("stepId"))
        {
            throw WeftException.Invalid("Command 'complete-task' needs 'taskId', or both 'instanceId' and 'stepId'.");
        }

        var instanceId = args.RequiredString("instanceId");
        var stepId = args.RequiredString("stepId");
        await engine.UserTasks.CompleteAsync(instanceId, stepId, completedBy, variables, cancellationToken);
        return new JsonObject { ["instanceId"] = instanceId, ["stepId"] = stepId, ["result"] = "completed" };
    }
}
