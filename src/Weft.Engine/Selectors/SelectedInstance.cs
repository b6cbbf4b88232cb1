using Weft.Engine.Instances;

namespace Weft.Engine.Selectors;

/// <summary>An instance a selector matched, with the steps of it that matched.</summary>
public sealed record SelectedInstance(WorkflowInstance Instance, IReadOnlyList<string> StepIds);
