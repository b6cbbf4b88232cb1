using System.Text.Json.Nodes;

namespace Weft.Engine.Jobs;

/// <summary>A job handed to a worker by a poll, with the instance variables it works on.</summary>
public sealed record ClaimedJob(Job Job, JsonObject Variables);
