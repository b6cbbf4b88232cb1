using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;

namespace Weft.Server.Problems;

/// <summary>
/// Kestrel refuses requests it cannot parse as HTTP (a NUL or a non-ASCII byte in the path, a request line or headers
/// over its limits, a malformed header, an HTTP version it does not speak) itself, before Weft sees them, and answers
/// with an empty body that no middleware can fill. This connection middleware recognises exactly that answer on its
/// way out (an error status, <c>Content-Length: 0</c> and <c>Connection: close</c>, the last answer on the connection)
/// and gives it the problem+json body every other error has. Everything else passes through untouched.
/// </summary>
internal static class RefusalBodies
{
    public static void Use(IConnectionBuilder connections) => connections.Use(next => async connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new Pipe(transport.Input, new Writer(transport.Output));
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    });

    /// <summary>The problem+json answer for a refusal with <paramref name="status"/>, headers and body, or null when it is not one.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        // "HTTP/1.1 400 Bad Request\r\n…\r\n\r\n": a whole header block of an error status, with no body to come.
        if (written.Length < 16 || !written.StartsWith("HTTP/1.1 "u8) || written[9] is not ((byte)'4' or (byte)'5')
            || !written.EndsWith("\r\n\r\n"u8) || written.IndexOf("\r\nContent-Length: 0\r\n"u8) < 0
            || written.IndexOf("\r\nConnection: close\r\n"u8) < 0 || written.IndexOf("\r\nContent-Type:"u8) >= 0)
        {
            return null;
        }

        var status = int.Parse(Encoding.ASCII.GetString(written.Slice(9, 3)), System.Globalization.CultureInfo.InvariantCulture);
        var headers = Encoding.ASCII.GetString(written);
        var detail = status switch
        {
            400 => "The request is not valid HTTP: a NUL (%00), a space or a byte that is not ASCII in the URL, or a malformed header. Percent-encode the URL (UTF-8) and check the headers.",
            414 => "The URL is longer than this server reads. Ids and filters are short: send data in a request body.",
            431 => "The request headers are larger than this server accepts; send fewer or shorter headers.",
            505 => "This HTTP version is not spoken here; send HTTP/1.1 (or HTTP/2 with TLS).",
            _ => "The request could not be read as HTTP.",
        };
        if (status == 505)
        {
            // Kestrel answers a version it does not speak with a 5xx, but the fault is the request's: a 400, like every other refusal.
            headers = $"HTTP/1.1 400 Bad Request{headers[headers.IndexOf("\r\n", StringComparison.Ordinal)..]}";
            status = 400;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = $"urn:weft:problem:{status}",
            ["title"] = Problem.TitleFor(status),
            ["status"] = status,
            ["detail"] = detail,
            ["message"] = detail,
            ["error"] = Problem.CodeFor(status),
        });
        headers = headers.Replace("\r\nContent-Length: 0\r\n", $"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n", StringComparison.Ordinal);
        return [.. Encoding.ASCII.GetBytes(headers), .. body];
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>Passes every write through, but replaces a refusal's header block as Kestrel advances over it.</summary>
    private sealed class Writer(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _handedOut;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _handedOut = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            if (bytes > 0 && bytes <= _handedOut.Length && Rewrite(_handedOut.Span[..bytes]) is { } answer)
            {
                inner.Write(answer); // the refusal's bytes were never advanced: the answer takes their place
                return;
            }

            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
