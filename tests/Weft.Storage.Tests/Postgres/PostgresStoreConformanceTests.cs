using Weft.Engine.Storage;
using Weft.Storage.Postgres;
using Weft.Storage.Tests.Conformance;
using Weft.Testing.Postgres;

namespace Weft.Storage.Tests.Postgres;

/// <summary>The conformance suite against PostgreSQL: a database for the class, an empty schema for each test.</summary>
public sealed class PostgresStoreConformanceTests(TestDatabase database) : StoreConformanceTests, IClassFixture<TestDatabase>
{
    private string _connectionString = "";

    protected override async Task<IWeftStore> CreateStoreAsync()
    {
        _connectionString = await database.CreateSchemaAsync();
        return new PostgresWeftStore(_connectionString);
    }

    protected override IWeftStore OpenSecondNode() => new PostgresWeftStore(_connectionString);

    protected override async Task DestroyStoreAsync(IWeftStore store) => await ((PostgresWeftStore)store).DisposeAsync();
}
