using System.Text;

namespace Weft.Fuzz.Tests.Support;

/// <summary>
/// One generated HTTP request. <see cref="Route"/> and <see cref="Label"/> name the route and what is hostile about
/// the input; together with the property they tell distinct failures apart.
/// </summary>
public sealed record FuzzRequest(string Method, string Path, string Route, string Label)
{
    /// <summary>The Content-Type header as sent (any text, even an invalid one); none when null.</summary>
    public string? ContentType { get; init; }

    public byte[]? Body { get; init; }

    /// <summary>Send these bytes as the whole request instead (protocol abuse); the other fields only describe it.</summary>
    public byte[]? Raw { get; init; }

    /// <summary>Why this request must get a 4xx (what docs/api.md or docs/definitions.md says); null when it may also work.</summary>
    public string? MustFail { get; init; }

    /// <summary>After the raw bytes, close the sending side of the connection (a client that hangs up mid-request).</summary>
    public bool HalfClose { get; init; }

    /// <summary>Why no answer is acceptable (the client hung up its side of the connection); null: an answer is required.</summary>
    public string? AnswerOptional { get; init; }

    /// <summary>
    /// Skip the database checks (a rejected write changed nothing; no oversized value): for requests sent while the
    /// server's lease sweeper may write at the same moment (the checks run on the same routes elsewhere, with no sweeper at work).
    /// </summary>
    public bool SweeperMayWrite { get; init; }

    /// <summary>
    /// When the request works (2xx): the reads that must then work too, made from the answer; the lists are read
    /// as well. Null for the valid requests that only build state (no reads after them).
    /// </summary>
    public Func<FuzzAnswer, IEnumerable<FuzzRequest>>? ReadBack { get; init; }

    /// <summary>Why this request must change nothing whatever it is answered (a read-only command, a query); null when it may write.</summary>
    public string? ReadOnly { get; init; }

    /// <summary>
    /// Tells a refusal answered with a success status (a command's <c>{"error"}</c> with 200), which must change
    /// nothing like a 4xx; null when only a 4xx is a refusal.
    /// </summary>
    public Func<FuzzAnswer, bool>? RefusedWhen { get; init; }

    /// <summary>Longest time to wait for the answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(45);

    public bool IsWrite => Method is not ("GET" or "HEAD");

    public static FuzzRequest Get(string path, string route, string label) => new("GET", path, route, label);

    public static FuzzRequest Json(string method, string path, string route, string label, string json) =>
        new(method, path, route, label) { ContentType = "application/json", Body = Encoding.UTF8.GetBytes(json) };

    public override string ToString()
    {
        var path = Raw is null ? Path : $"{Path} (sent as raw bytes)";
        var type = ContentType is null ? "no Content-Type" : $"Content-Type: {Printable.Shorten(ContentType, 80)}";
        var body = Raw is null ? Printable.Body(Body, 240) : Printable.Body(Raw, 240);
        return $"{Method} {Printable.Shorten(path, 160)}  [{type}]\n      {(Raw is null ? "body" : "raw request")}: {body}";
    }
}
