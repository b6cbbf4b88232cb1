using System.Text.Json.Nodes;
using Weft.Engine;

namespace Weft.Server.UserTasks;

/// <summary>Either shape Rochallor clients send: <c>{completedBy, result}</c>, or a worker's <c>{workerId, variables}</c>.</summary>
internal sealed record UserTaskCompletionRequest
{
    public string? CompletedBy { get; set; }

    public JsonObject? Result { get; set; }

    public string? WorkerId { get; set; }

    public JsonObject? Variables { get; set; }

    public string? Who() =>
        CompletedBy is not null && WorkerId is not null && CompletedBy != WorkerId
            ? throw WeftException.Invalid("completedBy and workerId name different people; send one of them.")
            : CompletedBy ?? WorkerId;

    public JsonObject? Outcome() =>
        Result is not null && Variables is not null
            ? throw WeftException.Invalid("The body has both result and variables; send the task's variables in one of them.")
            : Result ?? Variables;
}
