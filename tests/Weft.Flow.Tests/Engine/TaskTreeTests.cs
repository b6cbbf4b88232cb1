using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.Engine;

public sealed class TaskTreeTests
{
    private readonly TraceTasks _t = new();

    [Fact]
    public void Sequences_are_spliced_and_nested_lists_stay_nested()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new()
        {
            _t.Rec("a"),
            new FlowSequence<Trace> { _t.Rec("b"), new FlowSequence<Trace> { _t.Rec("c") } },
            new FlowList<Trace> { _t.Rec("d"), new FlowSequence<Trace> { _t.Rec("e") } },
            (FlowNode<Trace>?)null,
        });

        var tree = engine.Tasks.Get();

        Assert.Equal(["a", "b", "c", "list"], tree.Select(n => n.Name));
        Assert.Equal(["d", "e"], Assert.IsType<FlowList<Trace>>(tree[3]).Select(n => n.Name));
    }

    [Fact]
    public void Replace_stores_a_copy_of_the_list()
    {
        var engine = new FlowEngine<Trace>();
        var tasks = new FlowList<Trace> { _t.Rec("a") };
        engine.Tasks.Replace(tasks);

        tasks.Add(_t.Rec("late"));
        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal("t0:a", _t.Text);
    }

    [Fact]
    public void Tasks_are_stored_under_keys()
    {
        var tasks = new FlowTasks<Trace>();
        Assert.True(tasks.IsEmpty);

        tasks.Add(_t.Rec("a"));
        tasks.Add((_, _) => { }, "other");
        Assert.Equal(["*", "other"], tasks.Keys.Order());
        Assert.Single(tasks.Get("other"));

        tasks.Clear("other");
        Assert.False(tasks.Contains("other"));
        var error = Assert.Throws<KeyNotFoundException>(() => tasks.Get("other"));
        Assert.Contains("'other'", error.Message, StringComparison.Ordinal);

        tasks.ClearAll();
        Assert.True(tasks.IsEmpty);
    }

    [Fact]
    public void Process_without_tasks_throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new FlowEngine<Trace>().Process(TraceTasks.Tokens(1)));

        Assert.Contains("Tasks.Replace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_from_inside_a_task_fails_that_task()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { (_, e) => e.Process(TraceTasks.Tokens(1)) });

        Assert.Throws<InvalidOperationException>(() => engine.Process(TraceTasks.Tokens(1)));
    }

    private static void NamedMethod(Trace token, FlowEngine<Trace> engine) => token.ToString();

    [Fact]
    public void CurrentTaskName_is_the_name_of_the_running_task()
    {
        var names = new List<string?>();
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new()
        {
            new FlowTask<Trace>("first", (_, e) => names.Add(e.CurrentTaskName)),
            NamedMethod,
            new FlowTask<Trace>((_, e) => names.Add(e.CurrentTaskName)),
        });
        Assert.Null(engine.CurrentTaskName);

        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal("first", names[0]);
        Assert.Contains("CurrentTaskName_is_the_name_of_the_running_task", names[1], StringComparison.Ordinal);
        Assert.Equal(nameof(NamedMethod), engine.Tasks.Get()[1].Name);
    }

    [Fact]
    public void State_starts_before_the_first_token_at_the_first_task()
    {
        var engine = new FlowEngine<Trace>();

        Assert.Equal(-1, engine.State.TokenPos);
        Assert.Equal([0], engine.State.CallbackPos);
        Assert.Equal(FlowStatus.New, engine.Status);
        Assert.False(engine.HasCompleted);
        Assert.Null(engine.CurrentToken);
    }

    [Fact]
    public void An_empty_token_list_completes_without_running_tasks()
    {
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.Rec("a") });

        engine.Process([]);

        Assert.Equal("", _t.Text);
        Assert.Equal(FlowStatus.Completed, engine.Status);
        Assert.False(engine.HasCompleted);
    }

    [Fact]
    public void CallbackPos_points_at_the_running_task_and_rests_at_zero()
    {
        var paths = new List<string>();
        FlowAction<Trace> record = (_, e) => paths.Add(string.Join(".", e.State.CallbackPos));
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { record, new FlowList<Trace> { record, new FlowList<Trace> { record } }, record });

        engine.Process(TraceTasks.Tokens(1));

        Assert.Equal(["0", "1.0", "1.1.0", "2"], paths);
        Assert.Equal([0], engine.State.CallbackPos);
        Assert.Equal(0, engine.State.TokenPos);
    }

    [Fact]
    public void Tokens_added_to_the_list_by_a_task_are_processed_too()
    {
        var tokens = new List<Trace> { new("t0") };
        var engine = new FlowEngine<Trace>();
        engine.Tasks.Replace(new() { _t.On("grow", "t0", _ => tokens.Add(new Trace("t1"))) });

        engine.Process(tokens);

        Assert.Equal("t0:grow t1:grow", _t.Text);
        Assert.Equal([FlowTokenStatus.Completed, FlowTokenStatus.Completed], engine.TokenStatuses);
        Assert.True(engine.HasCompleted);
    }
}
