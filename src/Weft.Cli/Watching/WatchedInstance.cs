namespace Weft.Cli.Watching;

/// <summary>An unfinished instance as <c>weft watch</c> shows it: its business key when it has one, else its id.</summary>
internal sealed class WatchedInstance(string id, string definitionId, string? businessKey, string status)
{
    public string Id { get; } = id;

    public string DefinitionId { get; } = definitionId;

    public string? BusinessKey { get; set; } = businessKey;

    public string Status { get; set; } = status;

    public string Label => $"{DefinitionId} {BusinessKey ?? Id}";
}
