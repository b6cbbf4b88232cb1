namespace Weft.Worker.Tasks;

/// <summary>
/// Marks a public method as a Weft task: jobs whose job type is <see cref="Name"/> run it. Its parameters are bound by
/// name from the job's variables, and what it returns (an object or a dictionary) becomes output variables.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WeftTaskAttribute(string name) : Attribute
{
    /// <summary>The task's name, which is the job type of its jobs (a <c>SERVICE_TASK</c>'s <c>jobType</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Shown in the catalog; a <see cref="System.ComponentModel.DescriptionAttribute"/> on the method does the same.</summary>
    public string? Description { get; set; }

    /// <summary>The task's version as you name it, e.g. <c>1.2</c>: shown in the catalog.</summary>
    public string? Version { get; set; }

    /// <summary>
    /// An ISO-8601 duration such as <c>PT5M</c>: how long the task may take, shown in the catalog for whoever writes
    /// the step (whose <c>timeout</c> is what the server enforces).
    /// </summary>
    public string? Timeout { get; set; }
}
