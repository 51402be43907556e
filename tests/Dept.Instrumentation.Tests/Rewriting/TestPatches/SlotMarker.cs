using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Tests.Rewriting.TestPatches;

/// <summary>Shows what a rewritten method's <see cref="DeptThreadSlot"/> held when a patch got it, then fills it.</summary>
internal static class SlotMarker
{
    private static readonly ThreadContext s_marker = new(new DeptEngine(), 1, 1);

    /// <summary>Returns "empty" for a slot no earlier call of this invocation filled, else "filled"; fills it.</summary>
    public static string Fill(ref DeptThreadSlot slot)
    {
        var seen = slot.Context is null ? "empty" : ReferenceEquals(slot.Context, s_marker) ? "filled" : "foreign";
        slot.Context = s_marker;
        return seen;
    }
}
