using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Flow;

public partial class FlowEngine<TToken>
{
    /// <summary>Captures status, token statuses, state, tokens and <see cref="ExtraData"/> (tasks are code and are not stored).</summary>
    /// <param name="options">How to serialise the tokens.</param>
    public FlowSnapshot CreateSnapshot(JsonSerializerOptions? options = null) => new()
    {
        Status = Status,
        TokenStatuses = [.. _tokenStatuses],
        TokenPos = State.TokenPos,
        CallbackPos = State.CallbackPos,
        Tokens = JsonSerializer.SerializeToElement(_tokens, options),
        ExtraData = JsonSerializer.SerializeToElement(ExtraData),
    };

    /// <summary>
    /// Loads a snapshot into this engine (which brings its own tasks). <c>Restart(RestartToken.Current,
    /// RestartTask.Current)</c> then resumes exactly at the task that halted.
    /// </summary>
    /// <param name="snapshot">The snapshot to load.</param>
    /// <param name="options">How to deserialise the tokens.</param>
    public void Restore(FlowSnapshot snapshot, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        EnsureIdle();
        var tokens = snapshot.Tokens.Deserialize<List<TToken>>(options) ?? [];
        if (snapshot.TokenStatuses.Count != tokens.Count)
        {
            throw new ArgumentException($"The snapshot has {tokens.Count} tokens but {snapshot.TokenStatuses.Count} token statuses.", nameof(snapshot));
        }

        if (snapshot.TokenPos < -1 || snapshot.TokenPos >= Math.Max(tokens.Count, 1))
        {
            throw new ArgumentException($"The snapshot's TokenPos {snapshot.TokenPos} is outside its {tokens.Count} tokens.", nameof(snapshot));
        }

        foreach (var index in snapshot.CallbackPos)
        {
            if (index < 0)
            {
                throw new ArgumentException($"The snapshot's CallbackPos [{string.Join(", ", snapshot.CallbackPos)}] has a negative index.", nameof(snapshot));
            }
        }

        _tokens = tokens;
        _tokenStatuses = [.. snapshot.TokenStatuses];
        State.TokenPos = snapshot.TokenPos;
        State.SetPath(snapshot.CallbackPos);
        ExtraData = JsonNode.Parse(snapshot.ExtraData.GetRawText()) as JsonObject ?? [];
        _loopStateMayExist = true;
        Status = snapshot.Status;
        _lastTokenFinished = tokens.Count > 0
            && snapshot.TokenPos == tokens.Count - 1
            && snapshot.Status == FlowStatus.Completed
            && _tokenStatuses[^1] == FlowTokenStatus.Completed;
        ClearErrors();
    }
}
