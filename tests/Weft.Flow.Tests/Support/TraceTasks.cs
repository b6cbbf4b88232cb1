namespace Weft.Flow.Tests.Support;

/// <summary>Builds tasks that log their calls as "token:task".</summary>
public sealed class TraceTasks
{
    public List<string> Log { get; } = [];

    public string Text => string.Join(" ", Log);

    public static Trace[] Tokens(int count) => [.. Enumerable.Range(0, count).Select(i => new Trace($"t{i}"))];

    public FlowTask<Trace> Rec(string name) => new(name, (token, _) => Log.Add($"{token.Name}:{name}"));

    /// <summary>Logs, then runs <paramref name="control"/> the first time it sees the token named <paramref name="on"/>.</summary>
    public FlowTask<Trace> Once(string name, string on, Action<FlowEngine<Trace>> control)
    {
        var done = false;
        return new FlowTask<Trace>(name, (token, engine) =>
        {
            Log.Add($"{token.Name}:{name}");
            if (token.Name == on && !done)
            {
                done = true;
                control(engine);
            }
        });
    }

    /// <summary>Logs, then runs <paramref name="control"/> every time it sees the token named <paramref name="on"/>.</summary>
    public FlowTask<Trace> On(string name, string on, Action<FlowEngine<Trace>> control) =>
        new(name, (token, engine) =>
        {
            Log.Add($"{token.Name}:{name}");
            if (token.Name == on)
            {
                control(engine);
            }
        });

    public string Since(int count) => string.Join(" ", Log.Skip(count));
}
