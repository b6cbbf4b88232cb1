namespace Weft.Engine.Commands;

/// <summary>A handled command error: what is wrong and how to fix it, and a stable code (NOT_FOUND, INVALID_INPUT, CONFLICT, TOO_LARGE, UNKNOWN_COMMAND).</summary>
public sealed record CommandError(string Message, string Code);
