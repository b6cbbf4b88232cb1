namespace Weft.Server.Tests.Api;

/// <summary>
/// One operation of the Rochallor REST reference and the fields it names. A field is <c>"path: type"</c>: the path
/// goes through properties (<c>a.b</c>) and array items (<c>steps[].id</c>), or names a query parameter
/// (<c>?page</c>); the type is <c>string</c>, <c>integer</c>, <c>boolean</c>, <c>object</c>, <c>date-time</c>,
/// <c>array of TYPE</c>, or <c>one of A|B|C</c> (a string enum; Weft may allow more values).
/// </summary>
public sealed record ReferenceOperation(
    string Method, string Path, int SuccessStatus, string[] Request, string[] Response, string[]? Query = null)
{
    public override string ToString() => $"{Method} {Path}";
}
