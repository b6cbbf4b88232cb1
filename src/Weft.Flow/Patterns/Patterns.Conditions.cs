namespace Weft.Flow;

public static partial class Patterns
{
    /// <summary>Runs <paramref name="tasks"/> when <paramref name="condition"/> holds (<c>IF</c>).</summary>
    public static FlowList<TToken> If<TToken>(FlowCondition<TToken> condition, FlowNode<TToken> tasks)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new FlowList<TToken>("If", isPattern: true)
        {
            new FlowTask<TToken>("If", (token, engine) =>
            {
                if (!condition(token, engine))
                {
                    engine.BreakCurrentLoop();
                }
            }),
            AsBranch(tasks, nameof(tasks)),
        };
    }

    /// <summary>Runs <paramref name="tasks"/> when <paramref name="condition"/> does not hold (<c>IF_NOT</c>).</summary>
    public static FlowList<TToken> IfNot<TToken>(FlowCondition<TToken> condition, FlowNode<TToken> tasks)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new FlowList<TToken>("IfNot", isPattern: true)
        {
            new FlowTask<TToken>("IfNot", (token, engine) =>
            {
                if (condition(token, engine))
                {
                    engine.BreakCurrentLoop();
                }
            }),
            AsBranch(tasks, nameof(tasks)),
        };
    }

    /// <summary>Runs <paramref name="then"/> when <paramref name="condition"/> holds, otherwise <paramref name="otherwise"/> (<c>IF_ELSE</c>).</summary>
    public static FlowList<TToken> IfElse<TToken>(FlowCondition<TToken> condition, FlowNode<TToken> then, FlowNode<TToken> otherwise)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new FlowList<TToken>("IfElse", isPattern: true)
        {
            new FlowTask<TToken>("IfElse", (token, engine) => engine.JumpCall(condition(token, engine) ? 1 : 3)),
            AsBranch(then, nameof(then)),
            Break<TToken>(),
            AsBranch(otherwise, nameof(otherwise)),
        };
    }

    /// <summary>
    /// A condition comparing <paramref name="a"/> with <paramref name="b"/> (<c>CMP</c>); a side that is a
    /// <see cref="FlowValue{TToken}"/> is called (again, while its result is one). <paramref name="op"/> is one of
    /// <c>== &gt; &gt;= &lt; &lt;=</c> (or <c>eq gt gte lt lte</c>) or <c>in</c> (<paramref name="b"/> in <paramref name="a"/>).
    /// Numbers compare by value, sequences element by element.
    /// </summary>
    public static FlowCondition<TToken> Cmp<TToken>(FlowValue<TToken> a, object? b, string op) => CmpCore<TToken>(a, b, op);

    /// <inheritdoc cref="Cmp{TToken}(FlowValue{TToken}, object?, string)"/>
    public static FlowCondition<TToken> Cmp<TToken>(object? a, FlowValue<TToken> b, string op) => CmpCore<TToken>(a, b, op);

    /// <inheritdoc cref="Cmp{TToken}(FlowValue{TToken}, object?, string)"/>
    public static FlowCondition<TToken> Cmp<TToken>(FlowValue<TToken> a, FlowValue<TToken> b, string op) => CmpCore<TToken>(a, b, op);

    /// <inheritdoc cref="Cmp{TToken}(FlowValue{TToken}, object?, string)"/>
    public static FlowCondition<TToken> Cmp<TToken>(object? a, object? b, string op) => CmpCore<TToken>(a, b, op);

    private static FlowCondition<TToken> CmpCore<TToken>(object? a, object? b, string op)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (!FlowComparison.IsKnownOperator(op))
        {
            throw new ArgumentException($"Unknown comparison operator '{op}'; use ==, >, >=, <, <=, in (or eq, gt, gte, lt, lte).", nameof(op));
        }

        return (token, engine) => FlowComparison.Evaluate(Resolve(a, token, engine), Resolve(b, token, engine), op);
    }

    private static object? Resolve<TToken>(object? side, TToken token, FlowEngine<TToken> engine)
    {
        while (side is FlowValue<TToken> value)
        {
            side = value(token, engine);
        }

        return side;
    }

    /// <summary>
    /// Runs the branch whose value equals what <paramref name="arbiter"/> returns (<c>CHOICE</c>); an unknown value
    /// is an error that names it.
    /// </summary>
    public static FlowList<TToken> Choice<TToken>(FlowValue<TToken> arbiter, params (object? Value, FlowNode<TToken> Tasks)[] branches)
    {
        ArgumentNullException.ThrowIfNull(arbiter);
        ArgumentNullException.ThrowIfNull(branches);
        var values = new object?[branches.Length];
        var list = new FlowList<TToken>("Choice", isPattern: true);
        for (var i = 0; i < branches.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (FlowComparison.AreEqual(values[j], branches[i].Value))
                {
                    throw new ArgumentException($"Choice has two branches for the value '{branches[i].Value}'.", nameof(branches));
                }
            }

            values[i] = branches[i].Value;
        }

        list.Add(new FlowTask<TToken>("Choice", (token, engine) =>
        {
            var value = arbiter(token, engine);
            for (var i = 0; i < values.Length; i++)
            {
                if (FlowComparison.AreEqual(values[i], value))
                {
                    // Layout: [choice, branch 0, Break, branch 1, Break, ...].
                    engine.JumpCall(1 + (2 * i));
                    return;
                }
            }

            throw new KeyNotFoundException($"Choice has no branch for the value '{value ?? "null"}'; known values: {string.Join(", ", values)}.");
        }));
        foreach (var (_, tasks) in branches)
        {
            list.Add(AsBranch(tasks, nameof(branches)));
            list.Add(Break<TToken>());
        }

        return list;
    }

    /// <summary>
    /// Runs the first branch, then the last argument (<c>SIMPLE_MERGE</c>: the final task starts when any one
    /// branch completes; the other branches are jumped over).
    /// </summary>
    public static FlowList<TToken> SimpleMerge<TToken>(params FlowNode<TToken>[] branchesThenFinal)
    {
        ArgumentNullException.ThrowIfNull(branchesThenFinal);
        if (branchesThenFinal.Length < 2)
        {
            throw new ArgumentException("SimpleMerge needs at least one branch and a final task.", nameof(branchesThenFinal));
        }

        var branchCount = branchesThenFinal.Length - 1;
        var list = new FlowList<TToken>("SimpleMerge", isPattern: true);
        for (var i = 0; i < branchCount; i++)
        {
            list.Add(AsBranch(branchesThenFinal[i], nameof(branchesThenFinal)));

            // Branch i sits at 2i, its jump at 2i + 1, the final item at 2 * branchCount.
            list.Add(TaskJumpForward<TToken>((2 * branchCount) - ((2 * i) + 1)));
        }

        list.Add(AsBranch(branchesThenFinal[^1], nameof(branchesThenFinal)));
        return list;
    }
}
