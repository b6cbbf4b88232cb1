using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Weft.Flow;

namespace Weft.Bench.Flow;

/// <summary>
/// A 10-task pipeline over 100,000 tokens. One benchmark operation is one task call, so the Op/s column reads
/// as task calls per second (the Python original does about 178,000 on the reference machines).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TaskCallsConfig))]
public class FlowPipelineBenchmark
{
    private const int TokenCount = 100_000;
    private const int TaskCount = 10;
    private const int TaskCalls = TokenCount * TaskCount;

    private readonly FlowEngine<Counter> _flat = new();
    private readonly FlowEngine<Counter> _nested = new();
    private Counter[] _tokens = [];

    [GlobalSetup]
    public void Setup()
    {
        _tokens = [.. Enumerable.Range(0, TokenCount).Select(_ => new Counter())];
        var flat = new FlowList<Counter>();
        for (var i = 0; i < TaskCount; i++)
        {
            flat.Add(Increment);
        }

        _flat.Tasks.Replace(flat);

        // The same ten tasks, half of them inside a nested list, to include entering and leaving a list.
        _nested.Tasks.Replace(new()
        {
            Increment, Increment, Increment, Increment, Increment,
            new FlowList<Counter> { Increment, Increment, Increment, Increment, Increment },
        });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = TaskCalls)]
    public void TenTasksFlat() => _flat.Process(_tokens);

    [Benchmark(OperationsPerInvoke = TaskCalls)]
    public void TenTasksWithNestedList() => _nested.Process(_tokens);

    private static void Increment(Counter counter, FlowEngine<Counter> engine) => counter.Value++;

    public sealed class Counter
    {
        public long Value { get; set; }
    }

    private sealed class TaskCallsConfig : ManualConfig
    {
        public TaskCallsConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
