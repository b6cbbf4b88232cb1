using Weft.Engine.Definitions;

namespace Weft.Engine.Steps;

/// <summary>SCRIPT_TASK: validated and stored; it runs once the script runner exists, so upload refuses it until then.</summary>
internal sealed class ScriptTaskStep : IStepBehavior
{
    public string Type => StepTypes.ScriptTask;

    public bool IsExecutable => false;

    public void Validate(StepDefinition step, string at, List<string> problems)
    {
        if (string.IsNullOrEmpty(step.Script))
        {
            problems.Add($"{at} is a SCRIPT_TASK without script: name the script to run.");
        }
    }

    public StepDecision Enter(StepContext context) =>
        throw new InvalidOperationException("SCRIPT_TASK cannot run in this version; the validator refuses it.");
}
