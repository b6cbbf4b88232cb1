using Weft.Engine.Definitions;
using Weft.Engine.Jobs;

namespace Weft.Engine.Steps;

/// <summary>SERVICE_TASK: a job for an external worker; the token goes on when the worker completes it.</summary>
internal sealed class ServiceTaskStep : IStepBehavior
{
    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    public string Type => StepTypes.ServiceTask;

    public bool TakesBoundaryEvents => true;

    public void Validate(StepDefinition step, string at, List<string> problems)
    {
        if (step.JobType is { Length: > 0 } jobType && JobTypeRule.Check(jobType) is { } jobTypeProblem)
        {
            problems.Add($"{at}: jobType {jobTypeProblem}.");
        }

        CheckTimeout(step.Timeout, $"{at}: timeout", problems);

        if (step.RetryBackoff is { } backoff)
        {
            var initial = DefinitionChecks.Duration(backoff.Initial, $"{at}: retryBackoff.initial", problems);
            var max = DefinitionChecks.Duration(backoff.Max, $"{at}: retryBackoff.max", problems);
            if (initial > max)
            {
                problems.Add($"{at}: retryBackoff.initial '{DefinitionChecks.Quote(backoff.Initial)}' is longer than retryBackoff.max '{DefinitionChecks.Quote(backoff.Max)}'; the first retry would already wait the maximum.");
            }

            if (backoff.Factor is < 1)
            {
                problems.Add($"{at}: retryBackoff.factor is {backoff.Factor}; it must be 1 or more.");
            }

            if (backoff.Jitter is < 0 or > 1)
            {
                problems.Add($"{at}: retryBackoff.jitter is {backoff.Jitter}; it must be between 0 and 1.");
            }
        }
    }

    /// <summary>The rule of a job's <c>timeout</c>, for a step and for a catalogued task alike.</summary>
    internal static void CheckTimeout(string? timeout, string field, List<string> problems)
    {
        if (DefinitionChecks.Duration(timeout, field, problems) is { } duration && duration < MinTimeout)
        {
            problems.Add($"{field} '{DefinitionChecks.Quote(timeout)}' is shorter than PT1S; a worker needs at least a second to answer. Leave it out to use the server's lease.");
        }
    }

    public StepDecision Enter(StepContext context)
    {
        var step = context.Step;
        var lease = IsoDuration.TryParse(step.Timeout, out var timeout) && timeout >= MinTimeout ? timeout : context.Options.LeaseDuration;
        return new StepDecision.CreateJob(step.EffectiveJobType, step.RetryCount ?? 0, lease);
    }

    /// <summary>The backoff before the retry after attempt <paramref name="attempt"/> of the step.</summary>
    public static TimeSpan DelayBeforeRetry(StepDefinition step, int attempt, WeftEngineOptions options)
    {
        var fallback = options.DefaultRetryBackoff;
        var policy = step.RetryBackoff is not { } backoff
            ? fallback
            : new RetryBackoffPolicy(
                IsoDuration.TryParse(backoff.Initial, out var initial) ? initial : fallback.Initial,
                backoff.Factor ?? fallback.Factor,
                IsoDuration.TryParse(backoff.Max, out var max) ? max : fallback.Max,
                backoff.Jitter ?? fallback.Jitter);
        return policy.DelayBeforeRetry(attempt, Random.Shared);
    }
}
