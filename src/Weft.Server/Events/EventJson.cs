using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Engine;
using Weft.Engine.Events;

namespace Weft.Server.Events;

/// <summary>How the event stream writes its messages: one line of JSON each (SSE <c>data:</c>).</summary>
internal static class EventJson
{
    public static string Event(DomainEvent e) => new JsonObject
    {
        ["seq"] = e.Seq,
        ["at"] = Time(e.At),
        ["topic"] = e.Topic,
        ["kind"] = e.Kind,
        ["instanceId"] = e.InstanceId,
        ["definitionId"] = e.DefinitionId,
        ["stepId"] = e.StepId,
        ["entityId"] = e.EntityId,
        ["data"] = e.Data.DeepClone(),
    }.ToJsonString();

    public static string Snapshot(EventSnapshot snapshot)
    {
        var counts = new JsonObject();
        foreach (var (status, count) in snapshot.Counts.OrderBy(c => c.Key))
        {
            counts[Status(status)] = count;
        }

        var instances = new JsonArray();
        foreach (var i in snapshot.Instances)
        {
            instances.Add(new JsonObject
            {
                ["id"] = i.Id,
                ["definitionId"] = i.DefinitionId,
                ["businessKey"] = i.BusinessKey,
                ["status"] = Status(i.Status),
                ["currentStepIds"] = new JsonArray([.. i.CurrentStepIds.Select(s => (JsonNode?)s)]),
                ["updatedAt"] = Time(i.UpdatedAt),
            });
        }

        return new JsonObject { ["counts"] = counts, ["instances"] = instances, ["truncated"] = snapshot.Truncated }.ToJsonString();
    }

    public static string Message(string message) => new JsonObject { ["message"] = message }.ToJsonString();

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Status<T>(T status)
        where T : struct, Enum => StatusNames.Api(status);
}
