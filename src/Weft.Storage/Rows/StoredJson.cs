using System.Text.Json.Serialization;

namespace Weft.Storage.Rows;

/// <summary>Source-generated JSON for the lists kept in a text column.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoredJson : JsonSerializerContext;
