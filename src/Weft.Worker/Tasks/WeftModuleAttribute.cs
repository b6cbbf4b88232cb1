namespace Weft.Worker.Tasks;

/// <summary>
/// Names the catalog namespace of a class's <see cref="WeftTaskAttribute">tasks</see>: 1 to 128 characters of
/// <c>A–Z a–z 0–9 . _ -</c>. Without it the namespace is the assembly's name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class WeftModuleAttribute(string @namespace) : Attribute
{
    public string Namespace { get; } = @namespace;
}
