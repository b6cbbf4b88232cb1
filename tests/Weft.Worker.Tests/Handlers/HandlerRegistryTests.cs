using System.Text.Json.Nodes;
using Weft.Worker.Handlers;
using Weft.Worker.Tests.Fakes;

namespace Weft.Worker.Tests.Handlers;

public sealed class HandlerRegistryTests
{
    [Fact]
    public async Task Registers_async_and_sync_handlers()
    {
        CancellationToken seen = default;
        var registry = new HandlerRegistry()
            .Register("with-token", (context, token) =>
            {
                seen = token;
                return Task.FromResult<JsonObject?>(new JsonObject { ["kind"] = "with-token" });
            })
            .Register("async", async (context, _) =>
            {
                await Task.Yield();
                return new JsonObject { ["kind"] = "async" };
            })
            .Register("sync", context => new JsonObject { ["kind"] = context.JobType });

        using var cancellation = new CancellationTokenSource();
        Assert.Equal(["with-token", "async", "sync"], registry.JobTypes);
        foreach (var jobType in registry.JobTypes)
        {
            Assert.True(registry.TryGetHandler(jobType, out var handler));
            var output = await handler(Jobs.Context(jobType), cancellation.Token);
            Assert.Equal(jobType, (string?)output!["kind"]);
        }

        Assert.Equal(cancellation.Token, seen);
    }

    [Fact]
    public void TryGetHandler_is_false_for_an_unknown_job_type()
    {
        var registry = new HandlerRegistry().Register("known", _ => null);

        Assert.False(registry.TryGetHandler("unknown", out var handler));
        Assert.Null(handler);
    }

    [Fact]
    public void Registering_a_job_type_twice_throws()
    {
        var registry = new HandlerRegistry().Register("echo", _ => null);

        var error = Assert.Throws<ArgumentException>(() => registry.Register("echo", _ => null));

        Assert.Contains("'echo' is already registered", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_job_type_is_rejected(string jobType) =>
        Assert.Throws<ArgumentException>(() => new HandlerRegistry().Register(jobType, _ => null));
}
