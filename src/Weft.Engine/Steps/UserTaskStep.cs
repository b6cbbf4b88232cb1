using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>USER_TASK: a task for a person (an assignee or candidate groups); the token goes on when it is completed.</summary>
internal sealed class UserTaskStep : IStepBehavior
{
    public string Type => StepTypes.UserTask;

    public bool TakesBoundaryEvents => true;

    public StepDecision Enter(StepContext context)
    {
        var step = context.Step;
        var groups = new List<string>(step.CandidateGroups ?? []);
        if (step.CandidateGroup is { Length: > 0 } group && !groups.Contains(group))
        {
            groups.Add(group);
        }

        return new StepDecision.OpenUserTask(step.Assignee, groups);
    }
}
