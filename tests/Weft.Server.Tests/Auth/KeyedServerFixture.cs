using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Auth;

/// <summary>One server with an admin and a worker key for a class's tests; wrong keys are not limited here.</summary>
public sealed class KeyedServerFixture : IAsyncLifetime
{
    public WeftTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await Keys.StartServerAsync(options => options.WrongKeysPerMinute = 100_000);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
