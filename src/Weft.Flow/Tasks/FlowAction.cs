namespace Weft.Flow;

/// <summary>A synchronous task: it gets the current token and the engine that runs it.</summary>
public delegate void FlowAction<TToken>(TToken token, FlowEngine<TToken> engine);
