using Dept.Core.Annotations;
using Dept.Core.Lifetimes;
using Dept.Instrumentation.Patching;
using DmaBuf.Sync;

namespace DmaBuf.Dept.Fences;

/// <summary>
/// <c>new UserspaceSignaller(timeline)</c>: the handle is the only signaller of its indefinite fence, so Dept tracks
/// it as the fence's source. Collected while the fence is unsignalled and waited on: an unreachable event (D17).
/// </summary>
[DeptPatch(typeof(UserspaceSignaller), ".ctor", null, Function = "new UserspaceSignaller")]
public static class UserspaceSignallerPatch
{
    /// <summary>Registers the signaller.</summary>
    /// <param name="__result">The new signaller.</param>
    /// <param name="__site">Where it is created.</param>
    public static void Postfix(UserspaceSignaller __result, DeptSite __site)
    {
        if (__result is not null)
        {
            DeptSources.Track(__result, __result.Fence, FenceSourceProbe.Instance, __site);
        }
    }
}
