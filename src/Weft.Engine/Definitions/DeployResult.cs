namespace Weft.Engine.Definitions;

/// <param name="Created">False when the upload was identical to the latest version, which is returned instead.</param>
/// <param name="Warnings">What the upload is told but not refused for (see <see cref="DefinitionWarnings"/>); often none.</param>
public sealed record DeployResult(WorkflowDefinition Definition, bool Created, IReadOnlyList<string> Warnings);
