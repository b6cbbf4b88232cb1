using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Flow;

public static partial class Patterns
{
    /// <summary>
    /// Runs <paramref name="tasks"/> while <paramref name="condition"/> holds (<c>WHILE</c>). The body is part of the
    /// loop's list, so <c>BreakCurrentLoop()</c> in the body leaves the loop.
    /// </summary>
    public static FlowList<TToken> While<TToken>(FlowCondition<TToken> condition, FlowNode<TToken> tasks)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var body = Inline(tasks, nameof(tasks), out var count);
        return new FlowList<TToken>("While", isPattern: true)
        {
            new FlowTask<TToken>("While", (token, engine) =>
            {
                if (!condition(token, engine))
                {
                    engine.BreakCurrentLoop();
                }
            }),
            body,
            TaskJumpBack<TToken>(-(count + 1)),
        };
    }

    /// <summary>
    /// Runs <paramref name="tasks"/> once per item (<c>FOR</c>), storing the item in <c>ExtraData[key]</c> (as JSON).
    /// After the loop the key holds the last item.
    /// </summary>
    public static FlowList<TToken> For<TToken, TItem>(IEnumerable<TItem> items, string key, FlowNode<TToken> tasks, bool cacheItems = false, bool descending = false)
    {
        ArgumentNullException.ThrowIfNull(items);
        return For(FixedItems<TToken, TItem>(items), StoreIn<TToken, TItem>(key), tasks, cacheItems, descending);
    }

    /// <summary>
    /// Runs <paramref name="tasks"/> once per item of the list <paramref name="items"/> returns (re-evaluated on each
    /// pass unless <paramref name="cacheItems"/>), storing the item in <c>ExtraData[key]</c>.
    /// </summary>
    public static FlowList<TToken> For<TToken, TItem>(Func<TToken, FlowEngine<TToken>, IEnumerable<TItem>> items, string key, FlowNode<TToken> tasks, bool cacheItems = false, bool descending = false) =>
        For(items, StoreIn<TToken, TItem>(key), tasks, cacheItems, descending);

    /// <summary>Runs <paramref name="tasks"/> once per item, handing each item to <paramref name="setter"/> first.</summary>
    public static FlowList<TToken> For<TToken, TItem>(IEnumerable<TItem> items, Action<TToken, FlowEngine<TToken>, TItem> setter, FlowNode<TToken> tasks, bool cacheItems = false, bool descending = false)
    {
        ArgumentNullException.ThrowIfNull(items);
        return For(FixedItems<TToken, TItem>(items), setter, tasks, cacheItems, descending);
    }

    /// <summary>
    /// The general <c>FOR</c>: <paramref name="items"/> is evaluated on each pass (unless <paramref name="cacheItems"/>),
    /// <paramref name="setter"/> gets each item in turn, <paramref name="descending"/> walks from the end.
    /// The loop position lives in <c>ExtraData</c> (so it survives snapshots) under a key made of the task tree and
    /// the loop's position, so nested loops and trees never share it.
    /// </summary>
    public static FlowList<TToken> For<TToken, TItem>(Func<TToken, FlowEngine<TToken>, IEnumerable<TItem>> items, Action<TToken, FlowEngine<TToken>, TItem> setter, FlowNode<TToken> tasks, bool cacheItems = false, bool descending = false)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(setter);
        var body = Inline(tasks, nameof(tasks), out var count);
        var head = new FlowTask<TToken>("For", (token, engine) =>
        {
            var loops = engine.LoopStates();
            var loopKey = engine.LoopKey();
            List<TItem>? evaluated = null;
            if (loops[loopKey] is not JsonObject loop)
            {
                evaluated = [.. items(token, engine)];
                loop = new JsonObject { ["next"] = descending ? evaluated.Count - 1 : 0 };
                if (cacheItems)
                {
                    loop["cache"] = JsonSerializer.SerializeToNode(evaluated);
                }

                loops[loopKey] = loop;
            }

            var next = (int)loop["next"]!;
            var cache = cacheItems ? loop["cache"]!.AsArray() : null;
            if (cache is null)
            {
                evaluated ??= [.. items(token, engine)];
            }

            var itemCount = cache?.Count ?? evaluated!.Count;
            if (next < 0 || next >= itemCount)
            {
                loops.Remove(loopKey);
                engine.BreakCurrentLoop();
                return;
            }

            var item = cache is not null ? cache[next].Deserialize<TItem>()! : evaluated![next];
            loop["next"] = descending ? next - 1 : next + 1;
            setter(token, engine, item);
        });
        return new FlowList<TToken>("For", isPattern: true)
        {
            head,
            body,
            TaskJumpBack<TToken>(-(count + 1)),
        };
    }

    private static Func<TToken, FlowEngine<TToken>, IEnumerable<TItem>> FixedItems<TToken, TItem>(IEnumerable<TItem> items) => (_, _) => items;

    private static Action<TToken, FlowEngine<TToken>, TItem> StoreIn<TToken, TItem>(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return (_, engine, item) => engine.ExtraData[key] = JsonSerializer.SerializeToNode(item);
    }
}
