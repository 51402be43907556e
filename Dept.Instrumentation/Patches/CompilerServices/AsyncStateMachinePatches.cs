using System.ComponentModel;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.CompilerServices;

/// <summary>
/// Called around every async state machine's <c>MoveNext</c> in rewritten assemblies (#9): each resumption after an
/// <c>await</c> runs in its own Dept context, so an event fired by one resumption is never charged with waits of
/// unrelated work that ran on the same pool thread before it; the enclosing context is restored when it returns, since
/// a resumption may run inline inside the completer's context. The first, synchronous segment of an async method
/// (state -1) stays in its caller's context. Costs a state check, and while an engine runs a thread-static read and
/// two field writes per resumption.
/// </summary>
[DeptResumptionHook]
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AsyncStateMachinePatches
{
    static AsyncStateMachinePatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary>Starts a resumption's context; returns the enclosing context's id to restore, or 0.</summary>
    /// <param name="state">The state machine's state: 0 and above is a resumption after an await.</param>
    public static int Enter(int state)
    {
        if (state < 0)
        {
            return 0;
        }

        try
        {
            return DeptRuntime.Current?.EnterContext() ?? 0;
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return 0;
        }
    }

    /// <summary>Restores the enclosing context.</summary>
    /// <param name="token">What <see cref="Enter"/> returned.</param>
    public static void Exit(int token)
    {
        if (token == 0)
        {
            return;
        }

        try
        {
            DeptRuntime.Current?.ExitContext(token);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
