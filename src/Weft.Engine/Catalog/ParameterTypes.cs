namespace Weft.Engine.Catalog;

/// <summary>The types a task's inputs and outputs may declare. <c>datetime</c> is an ISO-8601 string.</summary>
public static class ParameterTypes
{
    public static readonly IReadOnlyList<string> All = ["string", "integer", "number", "boolean", "datetime", "object", "array", "any"];
}
