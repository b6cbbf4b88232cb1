using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Weft.Cli.Tests.Support;

/// <summary>
/// An HTTP server that is not Weft, as a wrong --server or a proxy in between would be: it reads each request and
/// answers with the same raw response, or closes the connection without an answer.
/// </summary>
public sealed class FakeHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[]? _response;
    private readonly bool _silent;
    private readonly CancellationTokenSource _stop = new();

    private FakeHttpServer(string? response, bool silent = false)
    {
        _response = response is null ? null : Encoding.UTF8.GetBytes(response);
        _silent = silent;
        _listener.Start();
        _ = ServeAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static FakeHttpServer Answering(int status, string contentType, string body) => new(
        $"HTTP/1.1 {status} Fake\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

    public static FakeHttpServer ClosingUnanswered() => new(null);

    /// <summary>Reads requests and never answers them, as a stuck server would, until disposed.</summary>
    public static FakeHttpServer Silent() => new(null, silent: true);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var connection = await _listener.AcceptTcpClientAsync();
                var stream = connection.GetStream();
                await ReadRequestAsync(stream);
                if (_silent)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                if (_response is not null)
                {
                    await stream.WriteAsync(_response);
                }
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException or IOException or OperationCanceledException)
        {
            // Stopped, or the client went away.
        }
    }

    /// <summary>Reads the head and the body, so that closing the connection does not reset it under the client.</summary>
    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString(received.ToArray(), 0, headEnd);
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var remaining = (lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            - (received.Count - headEnd - 4);
        while (remaining > 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            remaining -= read;
        }
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
