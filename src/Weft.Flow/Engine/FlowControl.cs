namespace Weft.Flow;

/// <summary>The kinds of control a task can request from the engine; passed to the transition handlers.</summary>
public enum FlowControl
{
    /// <summary>No request: continue with the next task.</summary>
    None,

    /// <summary><c>Halt(message, action, payload)</c>.</summary>
    Halt,

    /// <summary><c>Stop()</c>.</summary>
    Stop,

    /// <summary><c>Abort()</c>.</summary>
    Abort,

    /// <summary><c>ContinueNextToken()</c>.</summary>
    ContinueNextToken,

    /// <summary><c>SkipToken()</c>.</summary>
    SkipToken,

    /// <summary><c>JumpToken(n)</c>.</summary>
    JumpToken,

    /// <summary><c>JumpCall(n)</c>.</summary>
    JumpCall,

    /// <summary><c>BreakCurrentLoop()</c>.</summary>
    BreakCurrentLoop,

    /// <summary><c>Restart(token, task)</c> called from inside a task.</summary>
    Restart,
}
