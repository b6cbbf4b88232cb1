using Weft.Flow.Tests.Support;

namespace Weft.Flow.Tests.Examples;

/// <summary>The examples of the issue and of the original documentation; docs/flow.md shows the same code.</summary>
public sealed class IssueExampleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weft-flow-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static FlowAction<Box> AddData(int numberToAdd) => (box, _) => box.Value += numberToAdd;

    [Fact]
    public void Add_then_print_prints_1_2_and_then_2_3_on_the_same_tokens()
    {
        var printed = new List<int>();
        var engine = new FlowEngine<Box>();
        engine.Tasks.Replace(new()
        {
            AddData(1),
            (box, _) => printed.Add(box.Value),
        });
        Box[] tokens = [new(0), new(1)];

        engine.Process(tokens);
        Assert.Equal([1, 2], printed);

        printed.Clear();
        engine.Process(tokens);
        Assert.Equal([2, 3], printed);
        Assert.Equal([2, 3], tokens.Select(t => t.Value));
    }

    private static FlowAction<List<int>> AppendFrom(string key) => (token, engine) => token.Add((int)engine.ExtraData[key]!);

    [Fact]
    public void Zero_one_lists_end_as_in_the_original_and_halt_three_times()
    {
        var engine = new FlowEngine<List<int>>();
        var halts = 0;
        engine.Halted += (_, _) => halts++;
        engine.Tasks.Replace(new()
        {
            Patterns.For<List<int>, int>([0, 1], "my_current_value", new FlowList<List<int>>
            {
                AppendFrom("my_current_value"),
            }),
            Patterns.IfElse(
                Patterns.Cmp<List<int>>((token, _) => token, new List<int> { 0, 1, 0, 1 }, "<"),
                new FlowList<List<int>>
                {
                    (_, engine) => engine.Restart(RestartToken.Current, RestartTask.First),
                },
                new FlowList<List<int>>
                {
                    AppendFrom("my_current_value"),
                    (_, engine) => engine.Halt("interrupting this workflow."),
                }),
        });

        try
        {
            engine.Process([[], [0, 1], [0, 1, 0, 1]]);
        }
        catch (HaltException)
        {
            while (true)
            {
                try
                {
                    engine.Restart(RestartToken.Next, RestartTask.First);
                }
                catch (HaltException)
                {
                    continue;
                }

                break;
            }
        }

        Assert.Equal(3, halts);
        Assert.Equal<IEnumerable<int>>([[0, 1, 0, 1, 1], [0, 1, 0, 1, 1], [0, 1, 0, 1, 0, 1, 1]], engine.Tokens);
        Assert.Equal(FlowStatus.Completed, engine.Status);
    }

    public sealed class Grade
    {
        public int Id { get; set; }

        public int Data { get; set; }
    }

    /// <summary>Saves a snapshot whenever the flow halts and when processing finishes, like the original's MyDbWorkflowEngine.</summary>
    private sealed class SavingEngine(IFlowStore store, string flowId) : FlowEngine<Grade>
    {
        protected override void OnHalt(HaltException halt) => Save();

        protected override void OnProcessingFinished() => Save();

        private void Save() => store.SaveAsync(flowId, CreateSnapshot()).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Grades_halt_at_the_failing_grade_and_a_restored_engine_amends_them()
    {
        var store = new FileFlowStore(_directory);
        var tested = new List<int>();
        FlowCondition<Grade> gradeIsNotPassing = (grade, _) =>
        {
            tested.Add(grade.Id);
            return grade.Data < 5;
        };

        var engine = new SavingEngine(store, "zack");
        engine.Tasks.Replace(new()
        {
            Patterns.If(gradeIsNotPassing, Patterns.Halt<Grade>()),
        });
        Grade[] grades = [.. new[] { 6, 5, 4, 5, 2, 6 }.Select((data, i) => new Grade { Id = i + 1, Data = data })];

        Assert.Throws<HaltException>(() => engine.Process(grades));
        Assert.Equal([1, 2, 3], tested);
        Assert.Equal(2, engine.State.TokenPos);

        // The next day, in another process: a new engine restored from the stored snapshot, with amending tasks.
        var revived = new SavingEngine(store, "zack");
        revived.Restore((await store.LoadAsync("zack"))!);
        Assert.Equal([6, 5, 4, 5, 2, 6], revived.Tokens.Select(g => g.Data));
        revived.Tasks.Replace(new()
        {
            Patterns.If(gradeIsNotPassing, new FlowList<Grade> { (grade, _) => grade.Data = 5 }),
        });
        tested.Clear();

        revived.Restart(RestartToken.Current, RestartTask.First);

        Assert.Equal([3, 4, 5, 6], tested);
        Assert.Equal([6, 5, 5, 5, 5, 6], revived.Tokens.Select(g => g.Data));
        var professor = new FlowEngine<Grade>();
        professor.Restore((await store.LoadAsync("zack"))!);
        Assert.Equal([6, 5, 5, 5, 5, 6], professor.Tokens.Select(g => g.Data));
        Assert.Equal(FlowStatus.Completed, professor.Status);
    }

    private static FlowAction<List<string>> Word(string word) => (words, _) => words.Add(word);

    private static FlowAction<List<string>> JumpCallOnce(int offset)
    {
        var done = false;
        return (_, engine) =>
        {
            if (!done)
            {
                done = true;
                engine.JumpCall(offset);
            }
        };
    }

    [Fact]
    public void JumpCall_two_skips_one_task_in_the_nested_list()
    {
        var engine = new FlowEngine<List<string>>();
        engine.Tasks.Replace(new()
        {
            Word("mouse"),
            new FlowList<List<string>> { Word("dog"), JumpCallOnce(2), Word("cat"), Word("puppy"), Word("python") },
            Word("horse"),
        });
        var words = new List<string>();

        engine.Process([words]);

        Assert.Equal("mouse dog puppy python horse", string.Join(" ", words));
    }

    [Fact]
    public void JumpCall_minus_one_goes_back_one_task_in_the_nested_list()
    {
        var engine = new FlowEngine<List<string>>();
        engine.Tasks.Replace(new()
        {
            Word("mouse"),
            new FlowList<List<string>> { Word("dog"), JumpCallOnce(-1), Word("cat"), Word("puppy") },
            Word("horse"),
        });
        var words = new List<string>();

        engine.Process([words]);

        Assert.Equal("mouse dog dog cat puppy horse", string.Join(" ", words));
    }
}
