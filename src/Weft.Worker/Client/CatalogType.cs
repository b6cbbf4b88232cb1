namespace Weft.Worker.Client;

/// <summary>The parameter types of the catalog contract.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "They are the contract's type names.")]
public static class CatalogType
{
    public const string String = "string";
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";

    /// <summary>An ISO-8601 date and time, as a string.</summary>
    public const string DateTime = "datetime";
    public const string Object = "object";
    public const string Array = "array";
    public const string Any = "any";
}
