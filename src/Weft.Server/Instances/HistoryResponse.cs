using Weft.Engine.Instances;

namespace Weft.Server.Instances;

/// <summary>An instance's history as Rochallor clients read it: <c>{"items": [...]}</c>.</summary>
internal sealed record HistoryResponse(IReadOnlyList<StepExecution> Items);
