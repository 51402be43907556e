using Dept.Core.Tracking;
using Dept.Instrumentation.Runtime;
using Dept.Instrumentation.Tests.Patches;

namespace Dept.Instrumentation.Tests.Runtime;

[Collection(EngineCollection.Name)]
public sealed class DeptAssertTests
{
    [Fact]
    public void NoCycles_NoEngine_Passes()
    {
        Assert.Null(DeptRuntime.Current);

        DeptAssert.NoCycles();

        Assert.Equal(0, DeptAssert.Mark());
    }

    [Fact]
    public void NoCycles_CycleRecorded_ThrowsWithTheRenderedReport()
    {
        var engine = RunSummaryTests.Abba();
        DeptRuntime.Install(engine);
        try
        {
            var ex = Assert.Throws<DeptCycleException>(DeptAssert.NoCycles);

            Assert.StartsWith("Dept recorded 1 cycle(s):\n", ex.Message, StringComparison.Ordinal);
            Assert.Contains("*** DEADLOCK ***", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Orders.A._sync", ex.Message, StringComparison.Ordinal);
            Assert.Contains(engine.Reports[0].Fingerprint, ex.Message, StringComparison.Ordinal);
            Assert.Same(engine.Reports[0], Assert.Single(ex.Reports));
        }
        finally
        {
            DeptRuntime.Install(null);
        }
    }

    [Fact]
    public void NoCyclesSince_IgnoresEarlierCycles()
    {
        var engine = RunSummaryTests.Abba();
        DeptRuntime.Install(engine);
        try
        {
            var mark = DeptAssert.Mark();

            DeptAssert.NoCycles(since: mark);

            Assert.Equal(1, mark);
            Assert.Empty(DeptAssert.CyclesSince(mark));
            Assert.Single(DeptAssert.CyclesSince(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => DeptAssert.NoCycles(since: -1));
        }
        finally
        {
            DeptRuntime.Install(null);
        }
    }
}
