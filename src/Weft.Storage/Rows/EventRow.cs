using System.Text;
using System.Text.Json;
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
    /// number (<see cref="EventStatements.AppendSqlite"/>, <see cref="EventStatements.AppendPostgres"/>). Written
    /// straight from the events: building a JSON tree would copy every event's data once more.
    /// </summary>
    public static string ToJson(IReadOnlyList<DomainEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in events)
            {
                json.WriteStartObject();
                json.WriteNumber("at", RowConvert.ToMillis(e.At));
                json.WriteString("topic", e.Topic);
                json.WriteString("kind", e.Kind);
                json.WriteString("instanceId", e.InstanceId);
                json.WriteString("definitionId", e.DefinitionId);
                json.WriteString("stepId", e.StepId);
                json.WriteString("entityId", e.EntityId);
                json.WritePropertyName("data");
                e.Data.WriteTo(json);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
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
