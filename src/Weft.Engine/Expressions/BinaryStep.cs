using System.Text.RegularExpressions;

namespace Weft.Engine.Expressions;

/// <summary>
/// One operator of a chain and its right operand. <see cref="Symbol"/> is the operator as written (<c>'not in'</c>,
/// <c>'&amp;&amp;'</c>) for messages; <see cref="Negated"/> is set for the <c>not</c> forms; <see cref="Pattern"/> is the
/// compiled regular expression of <c>matches</c> when its pattern is a literal.
/// </summary>
internal sealed record BinaryStep(BinaryOperator Operator, string Symbol, bool Negated, int Position, Node Right, Regex? Pattern = null);
