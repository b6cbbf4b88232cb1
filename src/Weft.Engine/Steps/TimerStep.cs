using System.Globalization;
using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>TIMER: waits a <c>duration</c>, or <c>until</c> an instant, then goes on.</summary>
internal sealed class TimerStep : IStepBehavior
{
    public string Type => StepTypes.Timer;

    public void Validate(StepDefinition step, string at, List<string> problems)
    {
        if ((step.Duration is null) == (step.Until is null))
        {
            problems.Add($"{at} is a TIMER: set exactly one of duration (e.g. PT5M) or until (an ISO-8601 instant).");
        }

        DefinitionChecks.Duration(step.Duration, $"{at}: duration", problems);
        if (step.Until is not null && !TryParseInstant(step.Until, out _))
        {
            problems.Add($"{at}: until '{DefinitionChecks.Quote(step.Until)}' is not an ISO-8601 instant with an offset, such as 2026-12-01T09:00:00Z.");
        }
    }

    public StepDecision Enter(StepContext context)
    {
        var step = context.Step;
        var due = IsoDuration.TryParse(step.Duration, out var duration) ? context.Now + duration
            : TryParseInstant(step.Until, out var until) ? until
            : context.Now;
        return new StepDecision.ScheduleTimer(due);
    }

    private static bool TryParseInstant(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
