using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Engine.Commands;

/// <summary>
/// A command's <c>args</c>, checked against its argument list before it runs: no unknown argument, every required one
/// there. The typed getters refuse a value of the wrong JSON type with a message that names the argument and the fix.
/// </summary>
public sealed class CommandArgs
{
    private readonly JsonObject _args;
    private readonly WeftCommand _command;

    public CommandArgs(WeftCommand command, JsonObject? args)
    {
        _command = command;
        _args = args ?? [];
        foreach (var (name, _) in _args)
        {
            if (command.Arguments.All(a => a.Name != name))
            {
                var known = command.Arguments.Count == 0
                    ? "it takes no arguments"
                    : $"it takes {string.Join(", ", command.Arguments.Select(a => a.Name))}";
                throw WeftException.Invalid($"Command '{command.Name}' has no argument '{name}': {known}. See api {{\"endpoint\": \"{command.Name}\"}}.");
            }
        }

        foreach (var argument in command.Arguments.Where(a => a.Required))
        {
            if (_args[argument.Name] is null)
            {
                throw WeftException.Invalid($"Command '{command.Name}' needs the argument '{argument.Name}' ({argument.Type}): {argument.Description}");
            }
        }
    }

    public bool Has(string name) => _args[name] is not null;

    public string? Text(string name) => Get(name, JsonValueKind.String, "a string") is { } value ? value.GetValue<string>() : null;

    public string RequiredString(string name) =>
        Text(name) is { Length: > 0 } value ? value : throw WeftException.Invalid($"Command '{_command.Name}' needs the argument '{name}' as a non-empty string.");

    public JsonObject? Json(string name) => Get(name, JsonValueKind.Object, "an object") is { } value ? (JsonObject)value.DeepClone() : null;

    public int? Number(string name)
    {
        if (Get(name, JsonValueKind.Number, "an integer") is not { } value)
        {
            return null;
        }

        return value.AsValue().TryGetValue<int>(out var number)
            ? number
            : throw WeftException.Invalid($"Argument '{name}' of command '{_command.Name}' must be a whole number that fits 32 bits, not {value.ToJsonString()}.");
    }

    private JsonNode? Get(string name, JsonValueKind kind, string what)
    {
        var value = _args[name];
        if (value is null)
        {
            return null;
        }

        if (value.GetValueKind() != kind)
        {
            throw WeftException.Invalid(
                $"Argument '{name}' of command '{_command.Name}' must be {what}, not {KindName(value.GetValueKind())}. Example: {_command.ExampleEnvelope.ToJsonString()}");
        }

        return value;
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
