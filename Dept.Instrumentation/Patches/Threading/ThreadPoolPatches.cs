using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Context boundaries at <see cref="ThreadPool"/> work items and <see cref="Timer"/> callbacks: the delegate is
/// wrapped so each run starts a new Dept context id (DEPT's per-work-item context). Otherwise a pool thread's
/// history would mix unrelated work items, and an event fired by one would be charged with the waits of another.
/// </summary>
public static class ThreadPoolPatches
{
    static ThreadPoolPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>QueueUserWorkItem(WaitCallback[, object])</c> and <c>UnsafeQueueUserWorkItem(WaitCallback, object)</c>.</summary>
    [DeptPatch(typeof(ThreadPool), nameof(ThreadPool.QueueUserWorkItem), typeof(WaitCallback))]
    [DeptPatch(typeof(ThreadPool), nameof(ThreadPool.QueueUserWorkItem), typeof(WaitCallback), typeof(object))]
    [DeptPatch(typeof(ThreadPool), nameof(ThreadPool.UnsafeQueueUserWorkItem), typeof(WaitCallback), typeof(object))]
    public static class QueueUserWorkItem
    {
        /// <summary>Runs before the call: wraps the callback.</summary>
        public static void Prefix(ref WaitCallback callBack)
        {
            try
            {
                if (callBack is not null && ContextBoundaries.Active)
                {
                    callBack = ContextBoundaries.Wrap(callBack);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>QueueUserWorkItem&lt;TState&gt;(Action&lt;TState&gt;, TState, bool)</c> and its unsafe twin.</summary>
    [DeptPatch("System.Threading.ThreadPool", "QueueUserWorkItem", "System.Action`1<!!0>", "!!0", "System.Boolean")]
    [DeptPatch("System.Threading.ThreadPool", "UnsafeQueueUserWorkItem", "System.Action`1<!!0>", "!!0", "System.Boolean")]
    public static class QueueUserWorkItemState
    {
        /// <summary>Runs before the call: wraps the callback.</summary>
        public static void Prefix<TState>(ref Action<TState> callBack)
        {
            try
            {
                if (callBack is not null && ContextBoundaries.Active)
                {
                    callBack = ContextBoundaries.Wrap(callBack);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary>Every <c>new Timer(TimerCallback, ...)</c> constructor: each tick is a new context.</summary>
    [DeptPatch(typeof(Timer), ".ctor", null)]
    public static class CreateTimer
    {
        /// <summary>Runs before the constructor: wraps the callback.</summary>
        public static void Prefix(ref TimerCallback callback)
        {
            try
            {
                if (callback is not null && ContextBoundaries.Active)
                {
                    callback = ContextBoundaries.Wrap(callback);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }
}
