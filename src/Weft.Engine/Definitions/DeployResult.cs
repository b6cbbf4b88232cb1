namespace Weft.Engine.Definitions;

/// <param name="Created">False when the upload was identical to the latest version, which is returned instead.</param>
public sealed record DeployResult(WorkflowDefinition Definition, bool Created);
