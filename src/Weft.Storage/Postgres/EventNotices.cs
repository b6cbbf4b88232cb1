namespace Weft.Storage.Postgres;

/// <summary>
/// How a node tells the others that it committed events: an empty notice on one PostgreSQL channel, sent with the
/// commit. It only wakes their readers; the event table is the truth.
/// </summary>
internal static class EventNotices
{
    public const string Channel = "weft_events";
}
