using Weft.Engine.Storage;
using Weft.Storage.Sqlite;
using Weft.Storage.Tests.Conformance;

namespace Weft.Storage.Tests.Sqlite;

/// <summary>The conformance suite against a SQLite file in a temporary directory of its own.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "weft-storage-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IWeftStore> CreateStoreAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.FromResult<IWeftStore>(new SqliteWeftStore(Path.Combine(_directory, "weft.db")));
    }

    // Two store objects on one file: each has its own writer gate, so they meet at SQLite's own lock, as two processes would.
    protected override IWeftStore OpenSecondNode() => new SqliteWeftStore(((SqliteWeftStore)Store).Path);

    protected override Task DestroyStoreAsync(IWeftStore store)
    {
        ((SqliteWeftStore)store).Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_database_is_the_file_it_was_given()
    {
        Assert.Equal(Path.Combine(_directory, "weft.db"), ((SqliteWeftStore)Store).Path);
        Assert.True(File.Exists(((SqliteWeftStore)Store).Path));
    }
}
