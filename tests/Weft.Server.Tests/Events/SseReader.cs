using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Server.Tests.Events;

/// <summary>A client of <c>GET /v1/events</c>: reads its messages (and comments) one at a time.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public static async Task<SseReader> OpenAsync(HttpClient http, string query = "", string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/events{query}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next message or comment; null at the end of the stream.</summary>
    public async Task<SseMessage?> NextAsync(TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? Patience);
        long? id = null;
        string? name = null;
        string? data = null;
        string? comment = null;
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || comment is not null)
                {
                    return new SseMessage(id, name, data is null ? null : JsonNode.Parse(data), comment);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return null;
    }

    /// <summary>Messages (not comments) until one matches, returning all read including it.</summary>
    public async Task<List<SseMessage>> UntilAsync(Func<SseMessage, bool> last)
    {
        var read = new List<SseMessage>();
        while (true)
        {
            var message = await NextAsync() ?? throw new InvalidOperationException($"The stream ended after {read.Count} messages.");
            if (message.Comment is not null)
            {
                continue;
            }

            read.Add(message);
            if (last(message))
            {
                return read;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
