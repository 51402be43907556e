using Dept.Core.Snapshots;

namespace Dept.Core.Tests.Snapshots;

/// <summary>The union both <c>dept merge</c> and a multi-process run's merged report use (#13).</summary>
public sealed class DocumentUnionTests
{
    [Fact]
    public void UnmodelledCalls_OnePerSite_RunsSummed_ReasonKept_ThoseThatRanFirst()
    {
        var a = new DeptDocument
        {
            Uninstrumented =
            [
                new DeptUninstrumentedCall("SpinWait.SpinUntil", "M (F.cs:1)", 3) { Reason = "the event the condition waits for is unknown" },
                new DeptUninstrumentedCall("A.NeverRan", "M (F.cs:9)", 0),
            ],
        };
        var b = new DeptDocument
        {
            Uninstrumented =
            [
                new DeptUninstrumentedCall("SpinWait.SpinUntil", "M (F.cs:1)", 4),
                new DeptUninstrumentedCall("WaitHandle.SignalAndWait", "N (G.cs:2)", 1),
            ],
        };

        var union = DocumentUnion.Uninstrumented([a, b]);

        Assert.Equal(
            [
                new DeptUninstrumentedCall("SpinWait.SpinUntil", "M (F.cs:1)", 7) { Reason = "the event the condition waits for is unknown" },
                new DeptUninstrumentedCall("WaitHandle.SignalAndWait", "N (G.cs:2)", 1),
                new DeptUninstrumentedCall("A.NeverRan", "M (F.cs:9)", 0),
            ],
            union);
    }
}
