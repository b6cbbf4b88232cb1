namespace Weft.Fuzz.Tests.Support;

/// <summary>What the server answered: a status with headers and body, or <see cref="Error"/> when no answer came.</summary>
public sealed record FuzzAnswer(int? Status, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers, string? Error)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public bool IsClientError => Status is >= 400 and < 500;

    public static FuzzAnswer None(string error) => new(null, null, "", new Dictionary<string, string>(), error);

    public override string ToString() => Status is null
        ? $"no answer: {Error}"
        : $"{Status} [{ContentType ?? "no Content-Type"}] {(Body.Length == 0 ? "(empty body)" : Printable.Shorten(Body, 400))}";
}
