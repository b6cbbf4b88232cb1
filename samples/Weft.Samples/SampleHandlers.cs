using System.Text.Json.Nodes;
using Weft.Worker.Handlers;

namespace Weft.Samples;

/// <summary>
/// The handlers behind the sample definitions in <c>samples/definitions</c> and <c>weft server --demo</c>.
/// </summary>
public static class SampleHandlers
{
    public static HandlerRegistry Register(HandlerRegistry registry) => Register(registry, TimeProvider.System);

    /// <param name="timeProvider">The clock <c>reporting_task</c> stamps its report with.</param>
    public static HandlerRegistry Register(HandlerRegistry registry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return registry
            .Register("echo", Echo)
            .Register("double", Double)
            .Register("reporting_task", context => Report(context, timeProvider))
            .Register("error_placeholder", ErrorPlaceholder)
            .Register("zero_division", ZeroDivision);
    }

    /// <summary>Hands the variables back, marked <c>"echoed": true</c>.</summary>
    private static JsonObject Echo(JobContext context)
    {
        var output = context.Variables.DeepClone().AsObject();
        output["echoed"] = true;
        return output;
    }

    /// <summary><c>{"value": value * 2}</c> for an integer variable <c>value</c>.</summary>
    private static JsonObject Double(JobContext context)
    {
        var value = context.GetVariable<long>("value");
        if (value is > long.MaxValue / 2 or < long.MinValue / 2)
        {
            throw new NonRetryableException($"Cannot double {value}: the result does not fit in a 64-bit integer.");
        }

        return new JsonObject { ["value"] = value * 2 };
    }

    /// <summary>A small report on the instance: how many variables it holds and when the report was made.</summary>
    private static JsonObject Report(JobContext context, TimeProvider timeProvider) => new()
    {
        ["report"] = new JsonObject
        {
            ["instanceId"] = context.InstanceId,
            ["items"] = context.Variables.Count,
            ["generatedAt"] = timeProvider.GetUtcNow().ToString("O"),
        },
    };

    /// <summary>Stands in for a call to a service that is down: always fails, retryably.</summary>
    private static JsonObject ErrorPlaceholder(JobContext context) =>
        throw new InvalidOperationException(
            $"error_placeholder always fails (attempt with {context.RetriesRemaining} retries left): " +
            "it stands in for a service that is down, so the engine retries it until retryCount is used up.");

    /// <summary><c>{"quotient": numerator / denominator}</c>; a zero denominator fails the step at once.</summary>
    private static JsonObject ZeroDivision(JobContext context)
    {
        var numerator = context.GetVariable<double>("numerator");
        var denominator = context.GetVariable<double>("denominator");
        if (denominator == 0)
        {
            throw new NonRetryableException("cannot divide by zero: the variable 'denominator' is 0.");
        }

        return new JsonObject { ["quotient"] = numerator / denominator };
    }
}
