using System.Text.Json.Serialization;

namespace Weft.Worker.Client;

[JsonConverter(typeof(JsonStringEnumConverter<UserTaskStatus>))]
public enum UserTaskStatus
{
    [JsonStringEnumMemberName("OPEN")]
    Open,

    [JsonStringEnumMemberName("COMPLETED")]
    Completed,

    [JsonStringEnumMemberName("CANCELLED")]
    Cancelled,
}
