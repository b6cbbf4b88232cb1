namespace Weft.Fuzz.Tests.Generators;

/// <summary>A generated definition document (a <see cref="JsonFields"/>, or <see cref="RawJson"/> when it is not an object), what was done to it, and why the docs say it must be refused (null: it may be accepted).</summary>
public sealed record GeneratedDefinition(string Id, object? Document, string Label, string? MustFail)
{
    public string Json => JsonText.Write(Document);

    public string Yaml => YamlText.Write(Document);
}
