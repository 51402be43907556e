using System.Runtime.CompilerServices;

namespace Dept.Core.Tracking;

/// <summary>
/// The tracking state of one thread for one engine (DEPT's <c>struct dept_task</c>): held event contexts, the wait
/// history ring, the context id and the recursion guard. Only its own thread writes it; counters are read racily
/// for statistics.
/// </summary>
internal sealed class ThreadContext
{
    public readonly DeptEngine Engine;
    public readonly HeldEntry[] Held;
    public readonly HistoryEntry[] History;
    public readonly WeakReference<Thread> Owner;
    public readonly string ThreadName;
    public int HeldCount;

    /// <summary>Event contexts that could not be pushed (stack full); their exits are absorbed here.</summary>
    public int HeldOverflow;

    public int HistoryNext;

    /// <summary>How many times the history ring wrapped (counted at the wrap, not per wait: the lock path stays one write lighter).</summary>
    public long HistoryWraps;

    public int ContextId = 1;

    /// <summary>The last context id handed out on this thread: fresh ids stay unique when a nested context restores its parent's.</summary>
    public int LastContextId = 1;

    /// <summary>The async locks of the logical flow running on this thread, installed at each ExecutionContext switch (#9).</summary>
    public FlowHeld? Flow;

    /// <summary>Non-zero while the engine works on this thread or tracking is suppressed: nothing is tracked then.</summary>
    public int Busy;

    public long Waits;
    public long Events;
    public long EventContexts;

    /// <summary>Acquires that took the inlined lock path: each is one wait and one event context (one counter, not two, on that path).</summary>
    public long LockPathAcquires;

    public ThreadContext(DeptEngine engine, int maxHeld, int maxHistory)
    {
        Engine = engine;
        Held = new HeldEntry[maxHeld];
        History = new HistoryEntry[maxHistory];
        var thread = Thread.CurrentThread;
        Owner = new WeakReference<Thread>(thread);
        ThreadName = thread.Name is { Length: > 0 } name
            ? $"{name} (#{thread.ManagedThreadId})"
            : $"thread #{thread.ManagedThreadId}";
    }

    public bool IsAlive => Owner.TryGetTarget(out var t) && t.IsAlive;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddHistory(int classId, int wgen, int siteId, bool timeout)
    {
        var history = History;
        var next = HistoryNext;

        // DEPT v18 09/42: consecutive waits of the same class in the same context keep only the latest.
        // A never-written entry has class 0, which no recorded wait has (a wait of class 0 is not recorded).
        ref var prev = ref history[(next == 0 ? history.Length : next) - 1];
        if (prev.ClassId == classId && prev.ContextId == ContextId)
        {
            prev.Wgen = wgen;
            prev.SiteId = siteId;
            prev.Timeout = timeout;
            return;
        }

        ref var e = ref history[next];
        e.ClassId = classId;
        e.Wgen = wgen;
        e.ContextId = ContextId;
        e.SiteId = siteId;
        e.Timeout = timeout;
        if (next + 1 == history.Length)
        {
            HistoryNext = 0;
            HistoryWraps++;
        }
        else
        {
            HistoryNext = next + 1;
        }
    }

    /// <summary>How many waits the ring holds (all of them until it first wraps).</summary>
    public int HistoryCount => HistoryWraps > 0 ? History.Length : HistoryNext;

    /// <summary>True when more waits were recorded than the ring holds (the oldest were overwritten).</summary>
    public bool HistoryOverflowed => HistoryWraps > 1 || (HistoryWraps == 1 && HistoryNext > 0);

    /// <summary>Finds the newest held entry for <paramref name="instance"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindHeld(object instance)
    {
        for (var i = HeldCount - 1; i >= 0; i--)
        {
            if (ReferenceEquals(Held[i].Instance, instance))
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RemoveHeld(int index)
    {
        var last = HeldCount - 1;
        if (index < last)
        {
            Array.Copy(Held, index + 1, Held, index, last - index);
        }

        // Only the reference is cleared (a null store needs no write barrier): the rest is overwritten by the next push.
        Held[last].Instance = null!;
        HeldCount = last;
    }
}
