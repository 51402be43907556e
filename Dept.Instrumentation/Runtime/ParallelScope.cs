using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// One call of <c>Parallel.For/ForEach/Invoke</c> (#10): the caller waits until every body has run, so the bodies are
/// the event contexts of that wait, a lock-like class per call site (<c>Parallel.For@Jobs.cs:12</c>). The caller
/// records the wait (<see cref="CallerWaits"/>); each body runs as a work item, in its own context (unless it runs
/// inline on the calling thread, where it is part of the caller's) inside the class's event context, so whatever a
/// body waits for becomes a dependency of the caller's wait.
/// </summary>
/// <remarks>One scope and one wrapping closure per call, only while an engine runs; nothing per iteration.</remarks>
internal sealed class ParallelScope
{
    private readonly DeptKey _key;
    private readonly DeptSite? _site;
    private readonly int _callerThread = Environment.CurrentManagedThreadId;

    private ParallelScope(DeptKey key, DeptSite? site)
    {
        _key = key;
        _site = site;
    }

    /// <summary>Starts a scope and records the caller's wait; null when no engine runs.</summary>
    public static ParallelScope? CallerWaits(DeptSite? site)
    {
        if (!ContextBoundaries.Active)
        {
            return null;
        }

        var key = SiteKeys.For(site);

        // Re-entrant: a body that starts the same loop again (recursive divide and conquer) waits for its children, not itself.
        DeptLdt.AcquireWait(key, key, site, DeptLockMode.Exclusive, DeptLockFlags.Reentrant);
        return new ParallelScope(key, site);
    }

    public Action Wrap(Action body) => () =>
    {
        var enclosing = Enter();
        try
        {
            body();
        }
        finally
        {
            Exit(enclosing);
        }
    };

    public Action<T1> Wrap<T1>(Action<T1> body) => a =>
    {
        var enclosing = Enter();
        try
        {
            body(a);
        }
        finally
        {
            Exit(enclosing);
        }
    };

    public Action<T1, T2> Wrap<T1, T2>(Action<T1, T2> body) => (a, b) =>
    {
        var enclosing = Enter();
        try
        {
            body(a, b);
        }
        finally
        {
            Exit(enclosing);
        }
    };

    public Action<T1, T2, T3> Wrap<T1, T2, T3>(Action<T1, T2, T3> body) => (a, b, c) =>
    {
        var enclosing = Enter();
        try
        {
            body(a, b, c);
        }
        finally
        {
            Exit(enclosing);
        }
    };

    // Returns the context to restore: a body on a worker runs as a work item (its own context and flow, ended when it
    // returns, so the worker's later work is not charged with it); inline on the calling thread it is the caller's.
    private int Enter()
    {
        var enclosing = 0;
        try
        {
            if (Environment.CurrentManagedThreadId != _callerThread)
            {
                enclosing = ContextBoundaries.Enter();
            }

            DeptLdt.Acquired(_key, _key, _site, DeptLockMode.Exclusive, DeptLockFlags.Try);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }

        return enclosing;
    }

    private void Exit(int enclosing)
    {
        try
        {
            DeptLdt.Release(_key, _site);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }

        ContextBoundaries.Exit(enclosing);
    }
}
