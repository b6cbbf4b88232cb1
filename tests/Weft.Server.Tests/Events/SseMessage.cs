using System.Text.Json.Nodes;

namespace Weft.Server.Tests.Events;

/// <summary>One Server-Sent Events message (<see cref="Name"/> set) or comment (<see cref="Comment"/> set).</summary>
public sealed record SseMessage(long? Id, string? Name, JsonNode? Data, string? Comment)
{
    public string Kind => $"{Name}/{Data?["kind"]?.GetValue<string>()}";
}
