namespace Weft.Engine.Definitions;

/// <summary>The step types of the definition format, and which of them this version of Weft can run.</summary>
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

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        ServiceTask, UserTask, Decision, Transformation, Wait, ParallelGateway, JoinGateway, End, Timer, SubWorkflow,
        ScriptTask,
    };

    public static readonly IReadOnlySet<string> Executable = new HashSet<string>(StringComparer.Ordinal)
    {
        ServiceTask, End,
    };
}
