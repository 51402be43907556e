using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary><c>dma_fence_end_signalling</c>: leaves the signalling event context.</summary>
[DeptPatch(typeof(FenceSignalling), nameof(FenceSignalling.End), typeof(SignallingCookie), Function = "dma_fence_end_signalling")]
public static class SignallingEndPatch
{
    /// <summary>Exits the event context.</summary>
    /// <param name="__site">The call site.</param>
    /// <param name="__context">The calling method's slot for the thread's tracking state (one lookup per invocation).</param>
    public static void Prefix(DeptSite __site, ref DeptThreadSlot __context) => DeptSdt.EcxtExit(DmaDeptClasses.Signalling, __site, ref __context);
}
