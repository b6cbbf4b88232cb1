using System.Text.Json.Nodes;

namespace Weft.Server.Tests.Api;

/// <summary>The checker behind RochallorCompatibilityTests tells compatible types from incompatible ones.</summary>
public sealed class OpenApiSchemaTests
{
    private static readonly OpenApiSchema Schema = new(JsonNode.Parse("""
        {
          "paths": { "/v1/things/{thingId}": { "get": { "responses": { "200": { "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Thing" } } } } } } } },
          "components": { "schemas": {
            "Thing": { "type": "object", "properties": {
              "id": { "type": "string" },
              "count": { "type": ["null", "integer"], "format": "int32" },
              "at": { "type": ["null", "string"], "format": "date-time" },
              "status": { "$ref": "#/components/schemas/Status" },
              "tags": { "type": "array", "items": { "type": "string" } },
              "parts": { "type": ["null", "array"], "items": { "$ref": "#/components/schemas/Part" } },
              "data": { "oneOf": [ { "type": "null" }, { "$ref": "#/components/schemas/JsonObject" } ] } } },
            "Part": { "type": "object", "properties": { "name": { "type": "string" } } },
            "Status": { "enum": ["OPEN", "DONE", "GONE"] },
            "JsonObject": { "type": "object" } } }
        }
        """)!.AsObject());

    private static JsonNode Thing => Schema.Operation("GET", "/v1/things/{id}")!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;

    [Theory]
    [InlineData("id", "string")]
    [InlineData("count", "integer")]
    [InlineData("count", "number")]
    [InlineData("at", "date-time")]
    [InlineData("status", "one of OPEN|DONE")]
    [InlineData("tags", "array of string")]
    [InlineData("parts", "array of object")]
    [InlineData("parts[].name", "string")]
    [InlineData("data", "object")]
    [InlineData("", "object")]
    public void Compatible_fields_pass(string path, string type) =>
        Assert.Null(Schema.Incompatibility(Schema.Field(Thing, path)!, type));

    [Theory]
    [InlineData("id", "integer", "is {string}, not integer")]
    [InlineData("count", "string", "is {integer}, not string")]
    [InlineData("id", "date-time", "without format date-time")]
    [InlineData("status", "one of OPEN|PAUSED", "lacks the values PAUSED")]
    [InlineData("tags", "array of integer", "has items that do not fit: is {string}, not integer")]
    [InlineData("data", "array of string", "not an array")]
    public void Incompatible_fields_say_why(string path, string type, string why) =>
        Assert.Contains(why, Schema.Incompatibility(Schema.Field(Thing, path)!, type), StringComparison.Ordinal);

    [Fact]
    public void Missing_fields_and_routes_are_null()
    {
        Assert.Null(Schema.Field(Thing, "nope"));
        Assert.Null(Schema.Field(Thing, "parts[].nope"));
        Assert.Null(Schema.Operation("POST", "/v1/things/{id}"));
        Assert.Null(Schema.Operation("GET", "/v1/other/{id}"));
    }
}
