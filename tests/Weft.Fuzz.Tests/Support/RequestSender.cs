using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Weft.Fuzz.Tests.Support;

/// <summary>
/// Sends requests over a plain TCP connection, one connection each, so that every byte goes out as generated:
/// no client library fixes up a path, a header or a body length first.
/// </summary>
public sealed class RequestSender(Uri baseAddress)
{
    public async Task<FuzzAnswer> SendAsync(FuzzRequest request)
    {
        var bytes = request.Raw ?? Build(request);
        using var timeout = new CancellationTokenSource(request.Timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var received = new MemoryStream();
        try
        {
            await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
            var sending = SendAllAsync(socket, bytes, request.HalfClose, timeout.Token);
            var error = await ReceiveAsync(socket, received, request.Method == "HEAD", timeout.Token);
            await IgnoreFailureAsync(sending);
            var answer = Parse(received.ToArray(), request.Method == "HEAD");
            return answer ?? FuzzAnswer.None(error ?? (received.Length == 0 ? "the connection closed without a response" : "an incomplete response"));
        }
        catch (OperationCanceledException)
        {
            return Parse(received.ToArray(), request.Method == "HEAD")
                ?? FuzzAnswer.None($"no complete answer within {request.Timeout.TotalSeconds:0} s ({received.Length:N0} bytes received)");
        }
        catch (SocketException ex)
        {
            return FuzzAnswer.None($"{ex.SocketErrorCode}: {ex.Message}");
        }
    }

    private byte[] Build(FuzzRequest request)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.Path} HTTP/1.1\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Host: {baseAddress.Host}:{baseAddress.Port}\r\n");
        head.Append("Connection: close\r\n");
        if (request.ContentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {request.ContentType}\r\n");
        }

        if (request.Body is not null || request.Method is not ("GET" or "HEAD" or "DELETE" or "OPTIONS" or "TRACE"))
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {request.Body?.Length ?? 0}\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. request.Body ?? []];
    }

    /// <param name="halfClose">Say that no more bytes come (a truncated body ends here).</param>
    private static async Task SendAllAsync(Socket socket, byte[] bytes, bool halfClose, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent, Math.Min(64 * 1024, bytes.Length - sent)), SocketFlags.None, cancellationToken);
        }

        if (halfClose)
        {
            socket.Shutdown(SocketShutdown.Send);
        }
    }

    /// <summary>Reads until the response is complete or the server closes; returns why reading stopped early, if it did.</summary>
    private static async Task<string?> ReceiveAsync(Socket socket, MemoryStream received, bool head, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (SocketException ex)
            {
                return $"{ex.SocketErrorCode}: {ex.Message}";
            }

            if (read == 0)
            {
                return null;
            }

            received.Write(buffer, 0, read);
            if (IsComplete(received.GetBuffer().AsSpan(0, (int)received.Length), head))
            {
                return null;
            }
        }
    }

    private static async Task IgnoreFailureAsync(Task sending)
    {
        try
        {
            await sending;
        }
        catch (SocketException)
        {
            // The server answered and closed before it read the whole body (e.g. 413): the answer is what counts.
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsComplete(ReadOnlySpan<byte> data, bool head)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var headers = Headers(Encoding.Latin1.GetString(data[..end]));
        var body = data[(end + 4)..];
        if (head)
        {
            return true;
        }

        if (headers.TryGetValue("content-length", out var length) && int.TryParse(length, CultureInfo.InvariantCulture, out var count))
        {
            return body.Length >= count;
        }

        return headers.GetValueOrDefault("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true
            && body.EndsWith("\r\n0\r\n\r\n"u8);
    }

    private static FuzzAnswer? Parse(byte[] data, bool head)
    {
        var end = data.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(data, 0, end);
        var statusLine = text.Split("\r\n")[0].Split(' ');
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        var headers = Headers(text);
        var body = head ? [] : data.AsSpan(end + 4).ToArray();
        if (headers.GetValueOrDefault("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = Unchunk(body);
        }
        else if (headers.TryGetValue("content-length", out var length) && int.TryParse(length, CultureInfo.InvariantCulture, out var count))
        {
            if (body.Length < count)
            {
                return null;
            }

            body = body[..count];
        }

        return new FuzzAnswer(status, headers.GetValueOrDefault("content-type"), Encoding.UTF8.GetString(body), headers, null);
    }

    private static Dictionary<string, string> Headers(string head)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }

    private static byte[] Unchunk(byte[] body)
    {
        var result = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(body, position, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            position += lineEnd + 2;
            result.Write(body, position, Math.Min(size, body.Length - position));
            position += size + 2;
        }

        return result.ToArray();
    }
}
