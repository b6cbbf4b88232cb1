namespace Weft.Engine.Definitions;

/// <summary>The step type names of the definition format. What each one does is its behaviour in <c>Weft.Engine.Steps</c>.</summary>
public static class StepTypes
{
    public const string ServiceTask = "SERVICE_TASK";
    public const string UserTask = "USER_TASK";
    public const string Decision = "DECISION";
    public const string Transformation = "TRANSFORMATION";
    public const string Wait = "WAIT";
    public const string ParallelGateway = "PARALLEL_GATEWAY";
    public const string JoinGateway = "JOIN_GATEWAY";
    public const string End = "END";
    public const string Timer = "TIMER";
    public const string SubWorkflow = "SUB_WORKFLOW";
    public const string ScriptTask = "SCRIPT_TASK";
}
