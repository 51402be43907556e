namespace Dept.Core.Tracking;

/// <summary>One event context a context holds (DEPT's <c>ecxt_held[]</c> entry).</summary>
/// <remarks>The only reference is <see cref="Instance"/> (one GC write barrier per push); the site is an id.</remarks>
internal struct HeldEntry
{
    /// <summary>The class whose event this context is on its way to (0 when its class could not be created).</summary>
    public int ClassId;

    /// <summary>The local nesting subclass (<c>lock_nested</c>).</summary>
    public int Nest;

    /// <summary>Extra re-entries of a reentrant lock.</summary>
    public int Depth;

    /// <summary><see cref="Annotations.DeptSite.Id"/> of where the event context started (the [S] of reports); 0: unknown.</summary>
    public int SiteId;

    /// <summary>The lock instance or map that opened it; matched by reference on exit.</summary>
    public object Instance;
}
