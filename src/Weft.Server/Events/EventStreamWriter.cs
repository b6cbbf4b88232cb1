using System.Text;

namespace Weft.Server.Events;

/// <summary>Writes Server-Sent Events messages (<c>id:</c>, <c>event:</c>, <c>data:</c>) and comments to a response body.</summary>
internal sealed class EventStreamWriter(Stream body)
{
    public async Task WriteAsync(long? id, string name, string json, CancellationToken cancellationToken, bool flush = true)
    {
        var message = new StringBuilder();
        if (id is { } seq)
        {
            message.Append("id: ").Append(seq).Append('\n');
        }

        message.Append("event: ").Append(name).Append('\n').Append("data: ").Append(json).Append("\n\n");
        await body.WriteAsync(Encoding.UTF8.GetBytes(message.ToString()), cancellationToken);
        if (flush)
        {
            await body.FlushAsync(cancellationToken);
        }
    }

    public async Task WriteCommentAsync(string comment, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes($": {comment}\n\n"), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => body.FlushAsync(cancellationToken);
}
