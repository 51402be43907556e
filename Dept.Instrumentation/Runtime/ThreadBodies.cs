using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The body of a thread created by rewritten code (<c>new Thread</c>) is on its way to the thread's exit from its first
/// instruction: it runs in the body context of that event (<see cref="DeptSdt.BodyEnter"/>), whose class is the
/// creation site (<c>Thread@Jobs.cs:12</c>), and <c>Thread.Join</c> names that class. Every lock the body takes is then
/// a dependency of the exit however early it comes: a worker that took lock A before its creator, holding A, joined it
/// is the same latent deadlock as one that took A after, and both runs give the same graph (with DEPT's request window
/// alone only the second did: the run that passes, where the worker got A first, showed nothing). The body's event
/// waits count from each join's request on. Task bodies: <see cref="TaskBodies"/>.
/// </summary>
/// <remarks>Costs one map and one table entry per thread created by rewritten code, only while an engine runs.</remarks>
internal static class ThreadBodies
{
    private static readonly DeptSite s_threadExitSite = DeptSite.Create("Thread exit", member: null, file: null, line: 0);
    private static readonly ConditionalWeakTable<Thread, DeptMap> s_threads = new();

    /// <summary>Classes a new thread by its creation site (its constructor's postfix, before anything can join it).</summary>
    public static void ThreadCreated(Thread thread, DeptSite? site)
    {
        if (thread is not null && site is not null && DeptRuntime.Current is not null)
        {
            ThreadMap(thread, site);
        }
    }

    /// <summary>The exit map of a thread created by rewritten code, if it is one.</summary>
    public static bool TryGetThread(Thread thread, out DeptMap map) => s_threads.TryGetValue(thread, out map!);

    /// <summary>
    /// Starts the current thread's body (null: no body context, for a thread whose creation site is unknown or when
    /// nothing tracks).
    /// </summary>
    public static DeptMap? EnterThread(DeptSite? site)
    {
        try
        {
            if (site is null || DeptRuntime.Current is not { } engine)
            {
                return null;
            }

            var map = ThreadMap(Thread.CurrentThread, site);
            engine.BodyEnter(map, map.Key, site);
            return map;
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return null;
        }
    }

    /// <summary>
    /// Ends the current thread's body: its exit event, then the end of its body context; without one (see
    /// <see cref="EnterThread"/>), the exit event of whoever joins it (a request window).
    /// </summary>
    public static void ExitThread(DeptMap? body)
    {
        try
        {
            if (body is null)
            {
                Waits.Event(Thread.CurrentThread, s_threadExitSite);
                return;
            }

            DeptSdt.Event(body, s_threadExitSite);
            DeptSdt.BodyExit(body, s_threadExitSite);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static DeptMap ThreadMap(Thread thread, DeptSite site)
        => s_threads.GetValue(thread, _ => new DeptMap(SiteKeys.Creation(site), "Thread", firesOnce: true));
}
