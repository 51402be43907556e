using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// One call of <c>Parallel.For/ForEach/Invoke</c> (#10): the caller waits until every body has run, so the bodies are
/// the event contexts of that wait, a lock-like class per call site (<c>Parallel.For@Jobs.cs:12</c>). The caller
/// records the wait (<see cref="CallerWaits"/>); each body runs in a new context (unless it runs inline on the calling
/// thread, where it is part of the caller's) inside the class's event context, so whatever a body waits for becomes a
/// dependency of the caller's wait.
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
        Enter();
        try
        {
            body();
        }
        finally
        {
            Exit();
        }
    };

    public Action<T1> Wrap<T1>(Action<T1> body) => a =>
    {
        Enter();
        try
        {
            body(a);
        }
        finally
        {
            Exit();
        }
    };

    public Action<T1, T2> Wrap<T1, T2>(Action<T1, T2> body) => (a, b) =>
    {
        Enter();
        try
        {
            body(a, b);
        }
        finally
        {
            Exit();
        }
    };

    public Action<T1, T2, T3> Wrap<T1, T2, T3>(Action<T1, T2, T3> body) => (a, b, c) =>
    {
        Enter();
        try
        {
            body(a, b, c);
        }
        finally
        {
            Exit();
        }
    };

    private void Enter()
    {
        try
        {
            if (Environment.CurrentManagedThreadId != _callerThread)
            {
                DeptContext.NewContext();
            }

            DeptLdt.Acquired(_key, _key, _site, DeptLockMode.Exclusive, DeptLockFlags.Try);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private void Exit()
    {
        try
        {
            DeptLdt.Release(_key, _site);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
