using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary><c>dma_fence_begin_signalling</c>: the [S], an explicit event context of the fence class.</summary>
[DeptPatch(typeof(FenceSignalling), nameof(FenceSignalling.Begin), Function = "dma_fence_begin_signalling")]
public static class SignallingBeginPatch
{
    /// <summary>Enters the event context.</summary>
    /// <param name="__site">The call site.</param>
    /// <param name="__context">The calling method's slot for the thread's tracking state (one lookup per invocation).</param>
    public static void Postfix(DeptSite __site, ref DeptThreadSlot __context) => DeptSdt.EcxtEnter(DmaDeptClasses.Signalling, __site, ref __context);
}
