namespace Weft.Flow;

/// <summary>A condition evaluated by the branching patterns (<c>If</c>, <c>While</c>, ...).</summary>
public delegate bool FlowCondition<TToken>(TToken token, FlowEngine<TToken> engine);
