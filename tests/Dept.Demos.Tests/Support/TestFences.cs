using DmaBuf;
using DmaBuf.Fences;

namespace Dept.Demos.Tests.Support;

/// <summary>Fence factories for the contract tests.</summary>
internal static class TestFences
{
    public static Fence Create(DmaRuntime runtime, ulong seqno = 1, FenceOps? ops = null) =>
        new(ops ?? new NamedFenceOps("test-driver", "test-timeline"), runtime, FenceContext.Allocate(), seqno);

    /// <summary>Runs <paramref name="body"/> on a thread and fails the test if it does not end within 10 s.</summary>
    public static T OnThread<T>(Func<T> body)
    {
        return TestThread<T>.Start(body).Join();
    }

    /// <summary>Driver ops that count calls and can refuse enabling (already passed) or report a fast-path signal.</summary>
    public sealed class CountingOps(bool passed = false) : FenceOps
    {
        public int EnableCalls { get; private set; }

        public List<DateTimeOffset> Deadlines { get; } = [];

        public bool Passed { get; set; } = passed;

        public override string GetDriverName(Fence fence) => "counting";

        public override string GetTimelineName(Fence fence) => "ring";

        public override bool EnableSignaling(Fence fence)
        {
            EnableCalls++;
            return !Passed;
        }

        public override bool IsSignaled(Fence fence) => Passed;

        public override void SetDeadline(Fence fence, DateTimeOffset deadline) => Deadlines.Add(deadline);
    }
}
