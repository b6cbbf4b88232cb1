using System.Text.Json;
using Microsoft.Data.Sqlite;
using Weft.Flow;
using Weft.Storage.Flow;
using Weft.Testing;

namespace Weft.Storage.Tests.Flow;

public sealed class SqliteFlowStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weft-storage-tests", "flow-" + Guid.NewGuid().ToString("N"));

    public SqliteFlowStoreTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    public sealed class Grade
    {
        public int Data { get; set; }
    }

    private static FlowList<Grade> FailingGradesHalt() => new()
    {
        Patterns.If<Grade>((grade, _) => grade.Data < 5, Patterns.Halt<Grade>("failing grade")),
    };

    private SqliteFlowStore Store(TimeProvider? time = null) => new(Path.Combine(_directory, "flows.db"), time);

    [Fact]
    public async Task A_halted_flow_saved_by_one_store_resumes_in_a_new_engine_loaded_by_another()
    {
        var engine = new FlowEngine<Grade>();
        engine.Tasks.Replace(FailingGradesHalt());
        Assert.Throws<HaltException>(() => engine.Process([.. new[] { 6, 4, 2 }.Select(data => new Grade { Data = data })]));
        await Store().SaveAsync("student-1", engine.CreateSnapshot());

        var loaded = await Store().LoadAsync("student-1");
        var revived = new FlowEngine<Grade>();
        revived.Restore(loaded!);
        revived.Tasks.Replace(new() { Patterns.If<Grade>((grade, _) => grade.Data < 5, new FlowList<Grade> { (grade, _) => grade.Data = 5 }) });
        revived.Restart(RestartToken.Current, RestartTask.First);

        Assert.Equal(FlowStatus.Halted, loaded!.Status);
        Assert.Equal(1, loaded.TokenPos);
        Assert.Equal([6, 5, 5], revived.Tokens.Select(g => g.Data));
    }

    [Fact]
    public async Task Saving_again_replaces_the_snapshot_and_records_status_and_time()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var store = Store(time);
        var engine = new FlowEngine<Grade>();
        engine.Tasks.Replace(FailingGradesHalt());
        Assert.Throws<HaltException>(() => engine.Process([new Grade { Data = 1 }]));
        await store.SaveAsync("flow", engine.CreateSnapshot());

        time.Advance(TimeSpan.FromHours(1));
        engine.Tasks.Replace(new() { (_, _) => { } });
        engine.Restart(RestartToken.Current, RestartTask.First);
        await store.SaveAsync("flow", engine.CreateSnapshot());

        Assert.Equal(FlowStatus.Completed, (await store.LoadAsync("flow"))!.Status);
        await using var connection = new SqliteConnection($"Data Source={store.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) || ' ' || status || ' ' || saved_at FROM flow_snapshots";
        Assert.Equal("1 Completed 2026-03-01T13:00:00.0000000+00:00", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Loading_or_deleting_an_unknown_flow_finds_nothing()
    {
        var store = Store();

        Assert.Null(await store.LoadAsync("missing"));
        Assert.False(await store.DeleteAsync("missing"));
    }

    [Fact]
    public async Task Delete_removes_the_snapshot()
    {
        var store = Store();
        var snapshot = new FlowSnapshot
        {
            Status = FlowStatus.New,
            TokenStatuses = [],
            TokenPos = -1,
            CallbackPos = [0],
            Tokens = JsonSerializer.SerializeToElement(Array.Empty<Grade>()),
            ExtraData = JsonSerializer.SerializeToElement(new { note = "x" }),
        };
        await store.SaveAsync("flow", snapshot);

        Assert.Equal("x", (await store.LoadAsync("flow"))!.ExtraData.GetProperty("note").GetString());
        Assert.True(await store.DeleteAsync("flow"));
        Assert.Null(await store.LoadAsync("flow"));
    }
}
