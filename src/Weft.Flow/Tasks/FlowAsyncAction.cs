namespace Weft.Flow;

/// <summary>An asynchronous task: it gets the current token, the engine that runs it and a cancellation token.</summary>
public delegate ValueTask FlowAsyncAction<TToken>(TToken token, FlowEngine<TToken> engine, CancellationToken cancellationToken);
