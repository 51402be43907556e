using Dept.Core.Annotations;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Patches for <see cref="Thread"/>: a new thread's body is a work item inside the explicit event context of its exit,
/// the event <see cref="Thread.Join()"/> waits for, classed by where the thread is created (<c>Thread@Jobs.cs:12</c>;
/// see <see cref="ThreadBodies"/>); <c>Join</c> on a live thread is a wait of that class. Threads started by code
/// Dept did not rewrite have no exit event: joins on them still record the wait, classed by the join's site.
/// </summary>
public static class ThreadPatches
{
    static ThreadPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>new Thread(ThreadStart)</c> and <c>new Thread(ThreadStart, int)</c>.</summary>
    [DeptPatch(typeof(Thread), ".ctor", typeof(ThreadStart), Function = "Thread")]
    [DeptPatch(typeof(Thread), ".ctor", typeof(ThreadStart), typeof(int), Function = "Thread")]
    public static class Create
    {
        /// <summary>Runs before the constructor: wraps the body.</summary>
        public static void Prefix(ref ThreadStart start, DeptSite __site)
        {
            try
            {
                if (start is not null && ContextBoundaries.Active)
                {
                    start = ContextBoundaries.Wrap(start, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }

        /// <summary>Runs after the constructor: classes the thread's exit by this site before anything can join it.</summary>
        public static void Postfix(Thread __result, DeptSite __site) => Created(__result, __site);
    }

    /// <summary><c>new Thread(ParameterizedThreadStart)</c> and <c>new Thread(ParameterizedThreadStart, int)</c>.</summary>
    [DeptPatch(typeof(Thread), ".ctor", typeof(ParameterizedThreadStart), Function = "Thread")]
    [DeptPatch(typeof(Thread), ".ctor", typeof(ParameterizedThreadStart), typeof(int), Function = "Thread")]
    public static class CreateParameterized
    {
        /// <summary>Runs before the constructor: wraps the body.</summary>
        public static void Prefix(ref ParameterizedThreadStart start, DeptSite __site)
        {
            try
            {
                if (start is not null && ContextBoundaries.Active)
                {
                    start = ContextBoundaries.Wrap(start, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }

        /// <summary>Runs after the constructor: classes the thread's exit by this site before anything can join it.</summary>
        public static void Postfix(Thread __result, DeptSite __site) => Created(__result, __site);
    }

    /// <summary><c>Join()</c>.</summary>
    [DeptPatch(typeof(Thread), nameof(Thread.Join))]
    public static class Join
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Thread __instance, DeptSite __site) => Block(__instance, __site, blocks: true, timed: false);

        /// <summary>Runs after the call: the thread ended, so the wait was answered.</summary>
        public static void Postfix(Thread __instance) => Answered(__instance, joined: true);
    }

    /// <summary><c>Join(int)</c>.</summary>
    [DeptPatch(typeof(Thread), nameof(Thread.Join), typeof(int))]
    public static class JoinMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Thread __instance, int millisecondsTimeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(Thread __instance, bool __result) => Answered(__instance, __result);
    }

    /// <summary><c>Join(TimeSpan)</c>.</summary>
    [DeptPatch(typeof(Thread), nameof(Thread.Join), typeof(TimeSpan))]
    public static class JoinTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(Thread __instance, TimeSpan timeout, DeptSite __site)
            => Block(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));

        /// <summary>Runs after the call.</summary>
        public static void Postfix(Thread __instance, bool __result) => Answered(__instance, __result);
    }

    private static void Created(Thread thread, DeptSite? site)
    {
        try
        {
            ThreadBodies.ThreadCreated(thread, site);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    // A join that returned because the thread ended was answered, even when the thread's exit event ran before the
    // join's wait was recorded (the exit found no map then): the never-fired check must not list its class.
    private static void Answered(Thread thread, bool joined)
    {
        try
        {
            if (joined && thread is not null)
            {
                if (ThreadBodies.TryGetThread(thread, out var map))
                {
                    DeptSdt.Answered(map);
                }
                else
                {
                    Waits.Answered(thread);
                }
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Block(Thread thread, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            // Joining a finished thread or oneself (the original throws) is not a wait.
            if (blocks && thread is not null && thread.IsAlive && thread != Thread.CurrentThread)
            {
                if (ThreadBodies.TryGetThread(thread, out var map))
                {
                    DeptRuntime.Current?.Wait(map, site, timed); // the exit's class: the thread's creation site
                }
                else
                {
                    Waits.Block(thread, "Thread", site, timed);
                }
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
