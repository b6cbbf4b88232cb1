using System.Text.Json.Nodes;
using Weft.Engine.Events;

namespace Weft.Storage.Rows;

internal sealed class EventRow
{
    public long Seq { get; set; }
    public long At { get; set; }
    public string Topic { get; set; } = "";
    public string Kind { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string? StepId { get; set; }
    public string EntityId { get; set; } = "";
    public string Data { get; set; } = "{}";

    /// <summary>
    /// Events to append, as one JSON array parameter: one INSERT … SELECT takes them all, in order, whatever their
    /// number (<see cref="EventStatements.Append"/>).
    /// </summary>
    public static string ToJson(IReadOnlyList<DomainEvent> events)
    {
        var array = new JsonArray();
        foreach (var e in events)
        {
            array.Add(new JsonObject
            {
                ["at"] = RowConvert.ToMillis(e.At),
                ["topic"] = e.Topic,
                ["kind"] = e.Kind,
                ["instanceId"] = e.InstanceId,
                ["definitionId"] = e.DefinitionId,
                ["stepId"] = e.StepId,
                ["entityId"] = e.EntityId,
                ["data"] = e.Data.DeepClone(),
            });
        }

        return array.ToJsonString();
    }

    public DomainEvent ToEvent() => new()
    {
        Seq = Seq,
        At = RowConvert.FromMillis(At),
        Topic = Topic,
        Kind = Kind,
        InstanceId = InstanceId,
        DefinitionId = DefinitionId,
        StepId = StepId,
        EntityId = EntityId,
        Data = RowConvert.ToObject(Data) ?? [],
    };
}
