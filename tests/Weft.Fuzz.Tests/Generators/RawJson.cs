namespace Weft.Fuzz.Tests.Generators;

/// <summary>A JSON literal written exactly as given: <c>1e400</c>, a 100-digit integer, <c>"\ud800"</c>, or a whole broken document.</summary>
public sealed record RawJson(string Text);
