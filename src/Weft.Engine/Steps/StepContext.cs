using System.Text.Json.Nodes;
using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>What a step may read when it decides: its definition, the instance's variables and the time.</summary>
internal sealed record StepContext(StepDefinition Step, WorkflowDefinition Definition, JsonObject Variables, DateTimeOffset Now, WeftEngineOptions Options);
