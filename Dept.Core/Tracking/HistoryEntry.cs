namespace Dept.Core.Tracking;

/// <summary>One recorded wait in a context's history ring (DEPT's <c>wait_hist[]</c> entry): ints only, no GC write barrier.</summary>
internal struct HistoryEntry
{
    public int ClassId;

    /// <summary>The engine's wait generation when the wait was recorded (a logical clock, compared wrap-safely).</summary>
    public int Wgen;

    /// <summary>The context id at the time; events only charge waits of their own context id.</summary>
    public int ContextId;

    /// <summary><see cref="Annotations.DeptSite.Id"/> of the wait; 0: unknown.</summary>
    public int SiteId;

    public bool Timeout;
}
