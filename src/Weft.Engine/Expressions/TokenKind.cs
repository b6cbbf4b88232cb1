namespace Weft.Engine.Expressions;

internal enum TokenKind
{
    End,
    Integer,
    Float,
    String,

    /// <summary>A name; the words (and, or, not, in, true, false, null, nil, contains, …) are names the parser recognises.</summary>
    Name,

    /// <summary><c>#name</c>: always a variable, even when the name is a word such as <c>in</c>.</summary>
    HashName,
    DollarBrace,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    EqualEqual,
    BangEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    AndAnd,
    OrOr,
    Bang,
    Question,
    QuestionQuestion,
    QuestionDot,
    Colon,
    Dot,
    Comma,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
}
