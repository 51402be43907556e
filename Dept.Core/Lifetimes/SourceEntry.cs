using System.Runtime.InteropServices;
using Dept.Core.Annotations;

namespace Dept.Core.Lifetimes;

/// <summary>
/// One registered source: a weak handle on the owner (the only object that can fire the event) and a strong
/// reference to what waiters hold. No finaliser: the sweep frees the handle.
/// </summary>
internal sealed class SourceEntry(GCHandle owner, object waitable, IDeptSourceProbe probe, DeptSite? created, int engineId)
{
    public GCHandle Owner = owner;

    public object Waitable { get; } = waitable;

    public IDeptSourceProbe Probe { get; } = probe;

    public DeptSite? Created { get; } = created;

    public int EngineId { get; } = engineId;
}
