using Dept.Core.Reports;
using DmaBuf.Diagnostics;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scenarios.Scenarios;

namespace Dept.Demos.Tests.Scenarios;

/// <summary>One test per scenario of the reference workload, asserting what the runner's table asserts.</summary>
public sealed class ScenarioTests
{
    private const string FenceMap = "dma_fence_map";
    private const string Resv = "reservation_ww_class_mutex";

    [Fact]
    public void D01_WaitUnderRingLock_ReportsDeadlock() =>
        ScenarioAssert.Cycle(ScenarioAssert.Meets(new D01WaitUnderLock()), "D01WaitUnderLock.cs", FenceMap, "gfx.ring_lock");

    [Fact]
    public void D02_ResvLockInSignallingPath_ReportsDeadlockAgainstThePriming() =>
        ScenarioAssert.Cycle(ScenarioAssert.Meets(new D02ResvInSignallingPath()), "D02ResvInSignallingPath.cs", FenceMap, Resv);

    [Fact]
    public void D03_AllocationInSignallingPath_ReportsDeadlockThroughReclaim() =>
        ScenarioAssert.Cycle(ScenarioAssert.Meets(new D03ReclaimInSignallingPath()), "D03ReclaimInSignallingPath.cs", FenceMap, "fs_reclaim");

    [Fact]
    public void D04_SignalFromCallbackUnderSharedLockClass_ReportsAADeadlock()
    {
        var report = ScenarioAssert.Cycle(ScenarioAssert.Meets(new D04ReentrantSignalSharedLock()), "D04ReentrantSignalSharedLock.cs");
        Assert.Contains(report.Contexts, c => c.Wait.ClassName == "sw_sync.timeline.lock");
    }

    [Fact]
    public void D05_CallbackThatWaits_ReportsCycle() =>
        ScenarioAssert.Cycle(ScenarioAssert.Meets(new D05CallbackWaits()), "D05CallbackWaits.cs", FenceMap);

    [Fact]
    public void D06_NouveauPendingList_IsAModelWarningNotACycle()
    {
        var outcome = ScenarioAssert.Meets(new D06NouveauPendingList());
        Assert.Empty(outcome.Reports);
        Assert.Equal(1, outcome.Warnings.Count(w => w.Code == DmaWarningCode.SetErrorAfterSignal));
        Assert.Equal(1, outcome.Warnings.Count(w => w.Code == DmaWarningCode.FinalPutInCallback));
    }

    [Fact]
    public void D07_AbbaWithoutContext_ReportsAADeadlock_WhileTheBackOffTwinStaysSilent()
    {
        var scenario = new D07ResvAbbaWithoutContext();
        var outcome = ScenarioAssert.Meets(scenario);
        Assert.Equal(DeptReportKind.AADeadlock, Assert.Single(outcome.Reports).Kind);
        Assert.True(scenario.BackOffs >= 1, "The ww twin never backed off: contention was not forced.");
        ScenarioAssert.Cycle(outcome, "D07ResvAbbaWithoutContext.cs", Resv);
    }

    [Fact]
    public void D08_AttachUnderReservationLock_ReportsAADeadlock() =>
        ScenarioAssert.Cycle(ScenarioAssert.Meets(new D08LockingConventionViolation()), "D08LockingConventionViolation.cs", Resv);

    [Fact]
    public void D09_HeapLockResvInversion_ReportsDeadlock() =>
        ScenarioAssert.Cycle(ScenarioAssert.Meets(new D09HeapLockResvInversion()), "D09HeapLockResvInversion.cs", Resv, "heap_buffer.lock");

    [Fact]
    public void D10_CpuAccessUnderFileLock_ReportsDeadlock() =>
        ScenarioAssert.Cycle(ScenarioAssert.Meets(new D10CpuAccessUnderFileLock()), "D10CpuAccessUnderFileLock.cs", FenceMap, "drm_file.lock");

    [Fact]
    public void D11_IndefiniteFence_ReportsCycleAndTheModelFlagsTheImport()
    {
        var outcome = ScenarioAssert.Meets(new D11IndefiniteFence());
        ScenarioAssert.Cycle(outcome, "D11IndefiniteFence.cs", FenceMap);
        Assert.Contains(outcome.Warnings, w => w.Code == DmaWarningCode.IndefiniteFence);
    }

    [Fact]
    public void D12_PageFaultVersusFenceJob_ReportsThreeClassDeadlock()
    {
        var report = ScenarioAssert.Cycle(ScenarioAssert.Meets(new D12PageFaultVersusFenceJob()), "D12PageFaultVersusFenceJob.cs", FenceMap, "fs_reclaim", "gpu.compute_units");
        Assert.Equal(3, report.Contexts.Count);
    }

    [Fact]
    public void D13_ReleaseWithPendingCallbacks_IsAnUnreachableEventAndTheKernelWarning()
    {
        var outcome = ScenarioAssert.Meets(new D13ReleaseWithPendingCallbacks());
        var report = ScenarioAssert.Unreachable(outcome, DeptUnreachableReason.Released);
        Assert.Contains(outcome.Warnings, w => w.Message.EndsWith("released with pending signals!", StringComparison.Ordinal));
        Assert.Contains(report.Contexts, c => c.Wait.Function.Contains("callback", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Reports, r => r.Kind is DeptReportKind.Deadlock or DeptReportKind.AADeadlock);
    }

    [Fact]
    public void D14_DriverUnloadWithPendingFence_ReportsTheWaiterAndTheUnloadPath()
    {
        var outcome = ScenarioAssert.Meets(new D14DriverUnloadWithPendingFence());
        var context = Assert.Single(ScenarioAssert.Unreachable(outcome, DeptUnreachableReason.Released).Contexts);
        Assert.EndsWith("D14DriverUnloadWithPendingFence.cs", context.Wait.Location?.File, StringComparison.Ordinal);
        Assert.EndsWith("FenceDriver.cs", context.Event.Location?.File, StringComparison.Ordinal);
        Assert.Contains("can never signal: its driver gpu was unloaded", context.Event.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void D15_TimelineTornDownUnderWaiter_ReportsTheWaiter()
    {
        var outcome = ScenarioAssert.Meets(new D15TimelineTornDownUnderWaiter());
        var context = Assert.Single(ScenarioAssert.Unreachable(outcome, DeptUnreachableReason.Released).Contexts);
        Assert.EndsWith("D15TimelineTornDownUnderWaiter.cs", context.Wait.Location?.File, StringComparison.Ordinal);
        Assert.EndsWith("FenceTimeline.cs", context.Event.Location?.File, StringComparison.Ordinal);
    }

    [Fact]
    public void D16_ArrayComponentNeverSignalled_ReportsTheArrayCallbackOnTheComponent()
    {
        var outcome = ScenarioAssert.Meets(new D16ArrayComponentNeverSignalled());
        var context = Assert.Single(ScenarioAssert.Unreachable(outcome, DeptUnreachableReason.Released).Contexts);
        Assert.Equal("callback dma_fence_array child", context.Wait.Function);
    }

    [Fact]
    public void D17_UioIndefiniteFence_ReportsTheCollectedSignallerAndTheImportersWait()
    {
        var outcome = ScenarioAssert.Meets(new D17UioIndefiniteFence());
        var context = Assert.Single(ScenarioAssert.Unreachable(outcome, DeptUnreachableReason.Collected).Contexts);
        Assert.EndsWith("D17UioIndefiniteFence.cs", context.Wait.Location?.File, StringComparison.Ordinal);
        Assert.EndsWith("D17UioIndefiniteFence.cs", context.Event.Location?.File, StringComparison.Ordinal); // where the signaller was created
    }

    [Fact]
    public void D18_HeapNamedAfterItsAllocator_IsRefusedWithTheRule()
    {
        var outcome = ScenarioAssert.Meets(new D18HeapNamedAfterAllocator());
        var warning = Assert.Single(outcome.Warnings);
        Assert.Equal(DmaWarningCode.HeapNameRejected, warning.Code);
        Assert.Contains("'cma-video' names the allocator ('cma')", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D13-ok")]
    [InlineData("D14-ok")]
    [InlineData("D15-ok")]
    [InlineData("D16-ok")]
    [InlineData("D17-ok")]
    [InlineData("D18-ok")]
    public void LifetimeTwins_AreClean(string id)
    {
        var outcome = ScenarioAssert.Meets(ScenarioCatalog.Find(id)!);
        Assert.Empty(outcome.Reports);
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void Clean_HighConcurrencyWorkload_ProducesNoReportAndNoWarning()
    {
        var scenario = new CleanWorkload(threads: 6, iterations: 25);
        var outcome = ScenarioAssert.Meets(scenario);
        Assert.Equal(150, scenario.Completed);
        Assert.True(outcome.Stats.Waits > 300, $"only {outcome.Stats.Waits} waits tracked");
    }

    [Fact]
    public void ScenarioThatFindsNothing_DoesNotPass()
    {
        var outcome = ScenarioRunner.Run(new SilentScenario());
        Assert.False(outcome.Passed);
        Assert.Equal("nothing", outcome.Detected);
    }

    [Fact]
    public void Catalog_HasD1ToD18_TheLifetimeTwinsAndClean()
    {
        var twins = new[] { "D13-ok", "D14-ok", "D15-ok", "D16-ok", "D17-ok", "D18-ok" };
        Assert.Equal([.. Enumerable.Range(1, 18).Select(i => $"D{i}"), .. twins, "clean"], ScenarioCatalog.All.Select(s => s.Id).Order(Comparer<string>.Create(CatalogOrder)));
        Assert.Same(ScenarioCatalog.All[0], ScenarioCatalog.Find("d01"));
        Assert.Equal("D14-ok", ScenarioCatalog.Find("d14-OK")?.Id);
        Assert.Null(ScenarioCatalog.Find("D19"));
    }

    // D1..D18 by number, then the twins, then clean.
    private static int CatalogOrder(string a, string b) => Rank(a).CompareTo(Rank(b));

    private static (int Group, int Number) Rank(string id) =>
        id == "clean" ? (2, 0)
        : id.EndsWith("-ok", StringComparison.Ordinal) ? (1, int.Parse(id[1..^3], System.Globalization.CultureInfo.InvariantCulture))
        : (0, int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture));

    private sealed class SilentScenario : Scenario
    {
        public override string Id => "silent";

        public override string Title => "expects a cycle, does nothing";

        public override string Models => "nothing";

        public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

        public override void Run(ScenarioWorld world)
        {
        }
    }
}
