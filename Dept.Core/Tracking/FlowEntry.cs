using Dept.Core.Annotations;

namespace Dept.Core.Tracking;

/// <summary>One async lock a logical flow holds: the <see cref="HeldEntry"/> of a flow instead of a thread.</summary>
internal sealed class FlowEntry
{
    public FlowEntry(int classId, object instance, int nest, DeptSite? site, FlowClassState? state, Task? acquired)
    {
        ClassId = classId;
        Instance = instance;
        Nest = nest;
        Site = site;
        State = state;
        Acquired = acquired;
    }

    public int ClassId { get; }

    /// <summary>The lock instance; matched by reference on release.</summary>
    public object Instance { get; }

    public int Nest { get; }

    /// <summary>Where the flow acquired it: the [S] of reports.</summary>
    public DeptSite? Site { get; }

    /// <summary>Whether the class is a lock, a signal or not yet known (for primitives that may be either), else null.</summary>
    public FlowClassState? State { get; }

    /// <summary>An asynchronous acquire's task: the entry counts only while it is pending or succeeded (with true, for a <c>Task&lt;bool&gt;</c>).</summary>
    public Task? Acquired { get; }

    /// <summary>Set when the acquire is over (released by any flow, or abandoned): no copy of the entry holds then.</summary>
    public volatile bool Released;

    /// <summary>Whether the entry is an event context now: not released elsewhere, not a signal class, not a timed acquire that failed.</summary>
    public bool Holds
    {
        get
        {
            if (Released || State is { IsSignal: true })
            {
                return false;
            }

            var acquired = Acquired;
            return acquired is null || !acquired.IsCompleted || (acquired.IsCompletedSuccessfully && (acquired is not Task<bool> timed || timed.Result));
        }
    }
}
