using Dept.Core.Annotations;

namespace Dept.Core.Tracking;

/// <summary>One event context a context holds (DEPT's <c>ecxt_held[]</c> entry).</summary>
internal struct HeldEntry
{
    /// <summary>The class whose event this context is on its way to (0 when its class could not be created).</summary>
    public int ClassId;

    /// <summary>The lock instance or map that opened it; matched by reference on exit.</summary>
    public object Instance;

    /// <summary>The local nesting subclass (<c>lock_nested</c>).</summary>
    public int Nest;

    /// <summary>Extra re-entries of a reentrant lock.</summary>
    public int Depth;

    /// <summary>Where the event context started: the [S] of reports.</summary>
    public DeptSite? Site;
}
