using System.ComponentModel;
using Weft.Worker.Handlers;
using Weft.Worker.Tasks;

namespace Weft.Samples.Tasks;

/// <summary>
/// The sample task module: what <c>weft server --demo</c> runs, and what <c>weft worker --module Weft.Samples.dll</c>
/// publishes to the catalog namespace <c>samples</c>. Each task shows one behaviour: an answer, checked inputs, a long
/// task that reports progress and can be cancelled, an error status, an exception.
/// </summary>
[WeftModule("samples")]
public static class SampleTasks
{
    [WeftTask("echo", Description = "Echoes its input message.", Version = "1.0")]
    public static EchoResult Echo([Description("The text to echo.")] string message = "Hello from Weft") => new(message);

    [WeftTask("double", Description = "Doubles its numbers. An input of the wrong type (\"21\" for value) fails the step at once.", Version = "1.0")]
    public static DoubleResult DoubleValues([Description("An integer to double.")] long value, [Description("A number to double.")] double amount = 0)
    {
        if (value is > long.MaxValue / 2 or < long.MinValue / 2)
        {
            throw new NonRetryableException($"Cannot double {value}: the result does not fit in a 64-bit integer.");
        }

        return new DoubleResult(value * 2, amount * 2);
    }

    [WeftTask("reporting_task", Description = "Runs for a number of seconds and reports its progress every second; cancelling its instance stops it.", Version = "1.0", Timeout = "PT1H")]
    public static async Task<ReportingResult> ReportingTask(IJobContext context, [Description("How long to run, in seconds (0 to 3600).")] int seconds = 5)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (seconds is < 0 or > 3600)
        {
            throw new NonRetryableException($"reporting_task runs 0 to 3600 seconds, not {seconds}.");
        }

        for (var second = 1; second <= seconds; second++)
        {
            // The worker's clock, stopped by cancellation (instance cancelled, lease lost) or by an aborted worker.
            await context.DelayAsync(TimeSpan.FromSeconds(1));
            await context.ReportProgressAsync(100.0 * second / seconds, $"{second} of {seconds} seconds");
        }

        return new ReportingResult(seconds);
    }

    [WeftTask("error_placeholder", Description = "Always fails with a message: it stands in for a task that reports an error.", Version = "1.0")]
    public static void ErrorPlaceholder() =>
        throw new NonRetryableException("error_placeholder always fails: it stands in for a task that reports an error.");

    [WeftTask("zero_division", Description = "Divides two integers, by zero unless told otherwise: the DivideByZeroException is reported as the step's error.", Version = "1.0")]
    public static ZeroDivisionResult ZeroDivision([Description("The integer to divide.")] int numerator = 1, [Description("The integer to divide by.")] int denominator = 0) =>
        new(numerator / denominator);
}
