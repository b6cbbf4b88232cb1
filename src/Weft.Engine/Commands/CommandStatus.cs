namespace Weft.Engine.Commands;

/// <summary>Status names as callers write them (any case), to the engine's enums; an unknown name is refused with the known ones.</summary>
public static class CommandStatus
{
    public static Instances.InstanceStatus? Instance(string? text) => Parse<Instances.InstanceStatus>(text);

    public static Jobs.JobStatus? Job(string? text) => Parse<Jobs.JobStatus>(text);

    public static UserTasks.UserTaskStatus? UserTask(string? text) => Parse<UserTasks.UserTaskStatus>(text);

    public static TEnum? Parse<TEnum>(string? text) where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // Only a status's own name: Enum.TryParse would also take numbers and "A,B" (a flag combination).
        return Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<TEnum>(name)
            : throw WeftException.Invalid(
                $"status '{(text.Length > 64 ? text[..64] : text)}' is unknown; use one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToUpperInvariant()))}.");
    }
}
