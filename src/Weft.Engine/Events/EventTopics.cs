namespace Weft.Engine.Events;

/// <summary>The topics of <see cref="DomainEvent"/>s: what kind of thing an event is about (the SSE <c>event:</c> name).</summary>
public static class EventTopics
{
    public const string Instance = "instance";

    public const string Token = "token";

    public const string Job = "job";

    public const string UserTask = "userTask";

    public const string Timer = "timer";

    public const string Progress = "progress";
}
