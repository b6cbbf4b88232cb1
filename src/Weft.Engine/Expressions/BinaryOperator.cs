namespace Weft.Engine.Expressions;

internal enum BinaryOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary><c>e in c</c>: element of a list, key of an object, part of a string.</summary>
    In,

    /// <summary><c>c contains e</c>: the same test as <c>e in c</c>, operands the other way round.</summary>
    Contains,
    StartsWith,
    EndsWith,
    Matches,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}
