using Weft.Engine.Selectors;

namespace Weft.Engine.Commands;

/// <summary>The <c>selector</c> or <c>instanceId</c> of a bulk command, resolved.</summary>
internal static class TargetArguments
{
    public static CommandArgument Selector(bool required) =>
        new("selector", "string", required, $"Which steps of which instances: {Selectors.Selector.Syntax}.{(required ? "" : " Give this or instanceId.")}");

    public static readonly CommandArgument InstanceId = new("instanceId", "string", false, "One instance by its exact id. Give this or selector.");

    public static async Task<Selection> ResolveAsync(WeftEngine engine, CommandArgs args, string command, CancellationToken cancellationToken)
    {
        var selector = args.Text("selector");
        var instanceId = args.Has("instanceId") ? args.RequiredString("instanceId") : null;
        if ((selector is null) == (instanceId is null))
        {
            throw WeftException.Invalid($"Command '{command}' needs exactly one of 'selector' ({Selectors.Selector.Syntax}) and 'instanceId'.");
        }

        return selector is not null
            ? await engine.Selectors.ResolveAsync(Selectors.Selector.Parse(selector), cancellationToken)
            : await engine.Selectors.ResolveIdAsync(instanceId!, cancellationToken);
    }
}
