using Dept.Core.Annotations;
using Dept.Core.Lifetimes;
using DmaBuf.Fences;

namespace DmaBuf.Dept.Fences;

/// <summary>How Dept reads a fence whose only signaller it tracks (<see cref="UserspaceSignallerPatch"/>).</summary>
public sealed class FenceSourceProbe : IDeptSourceProbe
{
    /// <summary>The one instance.</summary>
    public static readonly FenceSourceProbe Instance = new();

    private FenceSourceProbe()
    {
    }

    /// <inheritdoc/>
    public bool IsCompleted(object waitable) => ((Fence)waitable).TestSignaledFlag();

    /// <inheritdoc/>
    public DeptMap? MapOf(object waitable) => DmaDeptClasses.TryGetMap((Fence)waitable, out var map) ? map : null;

    /// <inheritdoc/>
    public IReadOnlyList<string> Continuations(object waitable) => ((Fence)waitable).OutstandingCallbacks;

    /// <inheritdoc/>
    public string EventFunction(object waitable) => "dma_fence_signal";
}
