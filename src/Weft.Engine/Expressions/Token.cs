namespace Weft.Engine.Expressions;

/// <summary>One token: <see cref="Start"/> and <see cref="End"/> are 0-based indexes into the text, <see cref="Value"/> a literal's value.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string Text, object? Value = null)
{
    public int Position => Start + 1;

    public bool IsWord(string word) => Kind == TokenKind.Name && Text == word;
}
