namespace Weft.Flow;

/// <summary>
/// The machine state: which token (<see cref="TokenPos"/>) and which task (<see cref="CallbackPos"/>) the engine is at.
/// </summary>
public sealed class FlowState
{
    // The path lives in a growable array so that the walk can move through it without allocating.
    internal int[] Path = new int[8];
    internal int Length = 1;

    /// <summary>The index of the current token; −1 before the first token is taken.</summary>
    public int TokenPos { get; internal set; } = -1;

    /// <summary>
    /// The path of indexes into the nested task lists, <c>[0]</c> at rest. During a task it points at the task;
    /// after a halt or an error it points at the task that halted or failed. A copy.
    /// </summary>
    public IReadOnlyList<int> CallbackPos => Path.AsSpan(0, Length).ToArray();

    /// <inheritdoc />
    public override string ToString() => $"TokenPos={TokenPos}, CallbackPos=[{string.Join(", ", CallbackPos)}]";

    internal int Last
    {
        get => Path[Length - 1];
        set => Path[Length - 1] = value;
    }

    internal bool IsAtStart => Length == 1 && Path[0] == 0;

    internal void Push(int index)
    {
        if (Length == Path.Length)
        {
            Array.Resize(ref Path, Path.Length * 2);
        }

        Path[Length++] = index;
    }

    internal void Pop() => Length--;

    internal void ResetPath()
    {
        Length = 1;
        Path[0] = 0;
    }

    internal void SetPath(IReadOnlyList<int> path)
    {
        if (path.Count == 0)
        {
            ResetPath();
            return;
        }

        if (Path.Length < path.Count)
        {
            Path = new int[Math.Max(8, path.Count * 2)];
        }

        for (var i = 0; i < path.Count; i++)
        {
            Path[i] = path[i];
        }

        Length = path.Count;
    }

    internal string PathKey() => string.Join('.', CallbackPos);
}
