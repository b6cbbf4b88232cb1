using System.Text.Json.Serialization;

namespace Weft.Worker.Client;

[JsonConverter(typeof(JsonStringEnumConverter<InstanceStatus>))]
public enum InstanceStatus
{
    [JsonStringEnumMemberName("ACTIVE")]
    Active,

    [JsonStringEnumMemberName("WAITING")]
    Waiting,

    [JsonStringEnumMemberName("SUSPENDED")]
    Suspended,

    [JsonStringEnumMemberName("COMPLETED")]
    Completed,

    [JsonStringEnumMemberName("FAILED")]
    Failed,

    [JsonStringEnumMemberName("CANCELLED")]
    Cancelled,
}
