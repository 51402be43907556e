using DmaBuf.Buffers;
using DmaBuf.Fences;

namespace DmaBuf.Scenarios.Workload;

/// <summary>
/// The measured loops of the workload benchmark (tests/Dept.Benchmarks/Workload). They live here, in the rewritten
/// runner assembly, so their calls into DmaBuf are instrumented call sites exactly like the scenarios'.
/// </summary>
public static class WorkloadCycles
{
    /// <summary>Creates, signals and waits for <paramref name="count"/> fences on one timeline.</summary>
    /// <param name="runtime">The runtime.</param>
    /// <param name="ops">The fences' driver ops.</param>
    /// <param name="context">The timeline.</param>
    /// <param name="seqno">The last seqno used; advanced.</param>
    /// <param name="count">How many fences.</param>
    /// <returns>How many waits saw the fence signalled (all of them).</returns>
    public static int FenceCycles(DmaRuntime runtime, FenceOps ops, ulong context, ref ulong seqno, int count)
    {
        var signalled = 0;
        for (var i = 0; i < count; i++)
        {
            var fence = new Fence(ops, runtime, context, ++seqno);
            fence.Signal();
            signalled += fence.Wait().IsSignaled ? 1 : 0;
        }

        return signalled;
    }

    /// <summary>Attaches, maps, unmaps and detaches an importer <paramref name="count"/> times.</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="count">How many cycles.</param>
    /// <returns>The number of segments mapped in total.</returns>
    public static int AttachMapCycles(DmaBuffer buffer, int count)
    {
        var segments = 0;
        for (var i = 0; i < count; i++)
        {
            var attachment = buffer.Attach("bench-gpu");
            segments += buffer.MapAttachmentUnlocked(attachment, DmaDataDirection.Bidirectional).Segments.Count;
            buffer.UnmapAttachmentUnlocked(attachment);
            buffer.Detach(attachment);
        }

        return segments;
    }
}
