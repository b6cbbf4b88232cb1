namespace Weft.Flow;

/// <summary>A value computed from the token and the engine, used by <c>Cmp</c> and <c>Choice</c>.</summary>
public delegate object? FlowValue<TToken>(TToken token, FlowEngine<TToken> engine);
