namespace Weft.Engine.Commands;

/// <summary>One argument of a command, as <c>api</c> shows it. <see cref="Type"/> is a JSON type: string, integer, object, boolean.</summary>
public sealed record CommandArgument(string Name, string Type, bool Required, string Description);
