using System.Globalization;
using System.Text;
using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Protocol;

/// <summary>
/// Protocol abuse on every route: wrong methods, unknown routes, wrong content types, bodies that are not UTF-8 or
/// are cut short, URLs and headers over the limits, NUL in paths, and request lines no HTTP client would write.
/// </summary>
public static class ProtocolRequests
{
    private const string NotJson = "docs/api.md: a body not sent as application/json is a 415";
    private const string NotUtf8 = "JSON is UTF-8 (RFC 8259): docs/api.md says malformed JSON is a 400";

    /// <summary>Every route of docs/api.md, with a body that the route takes.</summary>
    public static readonly IReadOnlyList<(string Method, string Path, string Route, string? Body)> Routes =
    [
        ("GET", "/healthz", "/healthz", null),
        ("POST", "/v1/definitions", "/v1/definitions", Setup.Definition("proto", "proto-work")),
        ("GET", "/v1/definitions", "/v1/definitions", null),
        ("GET", "/v1/definitions/fx", "/v1/definitions/{id}", null),
        ("GET", "/v1/definitions/fx/versions/1", "/v1/definitions/{id}/versions/{version}", null),
        ("POST", "/v1/instances", "/v1/instances", """{"definitionId":"fx"}"""),
        ("GET", "/v1/instances", "/v1/instances", null),
        ("GET", "/v1/instances/nope", "/v1/instances/{id}", null),
        ("GET", "/v1/instances/nope/history", "/v1/instances/{id}/history", null),
        ("POST", "/v1/instances/nope/cancel", "/v1/instances/{id}/cancel", """{"reason":"x"}"""),
        ("POST", "/v1/jobs/poll", "/v1/jobs/poll", """{"workerId":"w","jobTypes":["none"],"maxJobs":1}"""),
        ("POST", "/v1/jobs/nope/complete", "/v1/jobs/{id}/complete", """{"workerId":"w"}"""),
        ("POST", "/v1/jobs/nope/fail", "/v1/jobs/{id}/fail", """{"workerId":"w","errorMessage":"x"}"""),
        ("POST", "/v1/jobs/nope/heartbeat", "/v1/jobs/{id}/heartbeat", """{"workerId":"w"}"""),
        ("POST", "/v1/jobs/heartbeat", "/v1/jobs/heartbeat", """[{"jobId":"nope","workerId":"w"}]"""),
        ("POST", "/v1/jobs/nope/progress", "/v1/jobs/{id}/progress", """{"workerId":"w","percent":5,"message":"x"}"""),
        ("POST", "/v1/jobs/progress", "/v1/jobs/progress", """[{"jobId":"nope","workerId":"w","percent":5}]"""),
        ("GET", "/v1/jobs/nope", "/v1/jobs/{id}", null),
        ("PUT", "/v1/catalog/fuzz", "/v1/catalog/{namespace}", """{"tasks":[{"name":"proto","inputs":[{"name":"x","type":"any"}]}]}"""),
        ("GET", "/v1/catalog", "/v1/catalog", null),
        ("GET", "/v1/catalog/fuzz", "/v1/catalog/{namespace}", null),
        ("GET", "/v1/workers", "/v1/workers", null),
        ("GET", "/openapi/v1.json", "/openapi/v1.json", null),
    ];

    private static readonly string[] UnknownRoutes =
    [
        "/openapi/v2.json", "/openapi/v1.yaml", "/openapi/.json", "/v1/nope", "/v2/instances", "/v1/instances/a/b/c", "/v1/jobs/x/unknown",
        "/v1/definitions/x/versions", "/v1/definitions/x/versions/1/extra", "/v1/definitions/x/versions/one", "/v1/jobs", "/", "/favicon.ico",
        "/v1/users/me/tasks", "/metrics/x", // /metrics is a route now (Prometheus)
    ];

    private static readonly string[] NullPaths =
    [
        "/%00", "/v1/%00", "/v1/instances/%00", "/v1/instances/%00/history", "/v1/definitions/%00/versions/1", "/v1/definitions/x/versions/%00",
        "/v1/jobs/%00/complete", "/v1/jobs/poll%00", "/healthz%00", "/openapi/%00.json",
    ];

    /// <summary>Cases every run sends, in this order.</summary>
    public static IEnumerable<FuzzRequest> Fixed()
    {
        foreach (var path in UnknownRoutes)
        {
            yield return FuzzRequest.Get(path, "(unknown route)", $"GET {path}") with { MustFail = "docs/api.md: an unknown route is a 404" };
        }

        foreach (var path in NullPaths)
        {
            yield return FuzzRequest.Get(path, "(path with %00)", $"GET {path}");
        }

        yield return FuzzRequest.Get($"/v1/instances/{new string('a', 9_000)}", "/v1/instances/{id}", "a URL over 8 KB");
        yield return FuzzRequest.Get($"/v1/instances?businessKey={new string('a', 9_000)}", "/v1/instances", "a query over 8 KB");
        yield return Raw("GET", "/v1/instances", "/v1/instances", "a 40 KB header",
            $"GET /v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: {new string('a', 40_000)}\r\n\r\n");
        yield return Raw("GET", "/v1/instances", "/v1/instances", "HTTP/1.0 request line", "GET /v1/instances HTTP/1.0\r\n\r\n");
        yield return Raw("GET", "/v1/instances", "/v1/instances", "HTTP/2.0 request line in plain text", "GET /v1/instances HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n");
        yield return Raw("GET", "/v1/instances", "/v1/instances", "no Host header", "GET /v1/instances HTTP/1.1\r\nConnection: close\r\n\r\n");
        yield return Raw("GET", "/healthz", "/healthz", "absolute-form URL", "GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        yield return Raw("GET", "v1/instances", "/v1/instances", "path without a leading /", "GET v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        yield return Raw("get", "/v1/instances", "/v1/instances", "lower-case method", "get /v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        yield return Raw("GET", "/v1/instances/a b", "/v1/instances/{id}", "a space in the path", "GET /v1/instances/a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        yield return Raw("GET", "/v1/instances", "/v1/instances", "a header with a NUL", "GET /v1/instances HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\nConnection: close\r\n\r\n");
        yield return Raw("GET", "/v1/instances", "/v1/instances", "a folded header line", "GET /v1/instances HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\nConnection: close\r\n\r\n");
        yield return Raw("POST", "/v1/instances", "/v1/instances", "two different Content-Length headers",
            "POST /v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 21\r\nContent-Length: 5\r\n\r\n{\"definitionId\":\"fx\"}");
        yield return Raw("POST", "/v1/instances", "/v1/instances", "Content-Length and chunked together",
            "POST /v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 21\r\nTransfer-Encoding: chunked\r\n\r\n15\r\n{\"definitionId\":\"fx\"}\r\n0\r\n\r\n");
        yield return Raw("POST", "/v1/instances", "/v1/instances", "a chunk size that is not hex",
            "POST /v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        yield return Raw("POST", "/v1/instances", "/v1/instances", "a body longer than its Content-Length",
            "POST /v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"definitionId\":\"fx\"}")
            with { MustFail = "the first 10 bytes are not a JSON document (docs/api.md: malformed JSON is a 400)" };
        yield return Raw("POST", "/v1/instances", "/v1/instances", "a body cut short (the client hangs up)",
            "POST /v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"definitionId\":")
            with { HalfClose = true, AnswerOptional = "the client closed its side before the body was complete" };
        yield return new FuzzRequest("POST", "/v1/instances", "/v1/instances", "a body that stops coming (the client waits)")
        {
            Raw = Encoding.ASCII.GetBytes("POST /v1/instances HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"definitionId\":"),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>One random case: a route with a wrong method, content type, encoding, or a broken body.</summary>
    public static FuzzRequest Any(FuzzRandom random)
    {
        var route = random.PickFrom(Routes);
        var posts = Routes.Where(r => r.Body is not null).ToList();
        return random.Between(0, 4) switch
        {
            0 or 1 => WrongMethod(random, route),
            2 => ContentType(random, random.PickFrom(posts)),
            3 => BodyEncoding(random, random.PickFrom(posts)),
            _ => Truncated(random, random.PickFrom(posts)),
        };
    }

    private static FuzzRequest WrongMethod(FuzzRandom random, (string Method, string Path, string Route, string? Body) route)
    {
        var taken = Routes.Where(r => r.Path == route.Path).Select(r => r.Method).ToList(); // /v1/instances takes GET and POST
        var method = random.PickFrom(new[] { "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "GET", "POST" }.Except(taken).ToList());
        var body = method is "GET" or "DELETE" or "OPTIONS" or "TRACE" ? null : route.Body ?? "{}";
        return new FuzzRequest(method, route.Path, route.Route, $"method {method}")
        {
            ContentType = body is null ? null : "application/json",
            Body = body is null ? null : Encoding.UTF8.GetBytes(body),
            MustFail = "docs/api.md: a method the path does not take is a 405",
        };
    }

    private static FuzzRequest ContentType(FuzzRandom random, (string Method, string Path, string Route, string? Body) route)
    {
        var (type, mustFail) = random.Between(0, 11) switch
        {
            0 => ((string?)null, NotJson),
            1 => ("text/plain", NotJson),
            2 => ("application/xml", NotJson),
            3 => ("application/x-www-form-urlencoded", NotJson),
            4 => ("multipart/form-data; boundary=x", NotJson),
            5 => ("???", NotJson),
            6 => ("application/json, text/plain", null),
            7 => ("APPLICATION/JSON", null),
            8 => ("application/json; charset=utf-16", null),
            9 => ("application/json; charset=nope", null),
            10 => ("application/json\u00e9", null),
            _ => ("application/" + new string('j', 10_000), NotJson),
        };
        return new FuzzRequest(route.Method, route.Path, route.Route, $"Content-Type {Printable.Shorten(type ?? "missing", 40)}")
        {
            ContentType = type,
            Body = Encoding.UTF8.GetBytes(Unique(route.Body!, random)),
            MustFail = mustFail,
        };
    }

    private static FuzzRequest BodyEncoding(FuzzRandom random, (string Method, string Path, string Route, string? Body) route)
    {
        var text = Unique(route.Body!, random);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var insertAt = text.IndexOf('"', 2) + 1; // inside the first string value or name
        var (body, label, mustFail) = random.Between(0, 6) switch
        {
            0 => ([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], "UTF-16 with a byte order mark", (string?)null),
            1 => (Encoding.BigEndianUnicode.GetBytes(text), "UTF-16 big-endian without a byte order mark", NotUtf8),
            2 => (Insert(utf8, insertAt, [0xE9]), "a Latin-1 é (not UTF-8)", NotUtf8),
            3 => (Insert(utf8, insertAt, [0xFF, 0xFE]), "bytes FF FE (never UTF-8)", NotUtf8),
            4 => (Insert(utf8, insertAt, [0xC0, 0x80]), "overlong NUL C0 80", NotUtf8),
            5 => (Insert(utf8, insertAt, [0xED, 0xA0, 0x80]), "an encoded surrogate ED A0 80", NotUtf8),
            _ => (Insert(utf8, insertAt, [0xE2, 0x82]), "a cut multi-byte sequence", NotUtf8),
        };
        return new FuzzRequest(route.Method, route.Path, route.Route, $"body in {label}")
        {
            ContentType = "application/json",
            Body = body,
            MustFail = mustFail,
        };
    }

    private static FuzzRequest Truncated(FuzzRandom random, (string Method, string Path, string Route, string? Body) route)
    {
        var text = Unique(route.Body!, random);
        var cut = text[..random.Between(1, text.Length - 1)];
        return FuzzRequest.Json(route.Method, route.Path, route.Route, "JSON cut short", cut) with { MustFail = "docs/api.md: malformed JSON is a 400" };
    }

    /// <summary>The route's body, with a definition id of its own so that an upload that works stores a new definition.</summary>
    private static string Unique(string body, FuzzRandom random) =>
        body.Replace("\"proto\"", $"\"proto-{random.Between(0, 1_000_000).ToString(CultureInfo.InvariantCulture)}\"", StringComparison.Ordinal);

    private static byte[] Insert(byte[] bytes, int at, byte[] inserted) => [.. bytes[..at], .. inserted, .. bytes[at..]];

    private static FuzzRequest Raw(string method, string path, string route, string label, string request) =>
        new(method, path, route, label) { Raw = Encoding.UTF8.GetBytes(request) };
}
