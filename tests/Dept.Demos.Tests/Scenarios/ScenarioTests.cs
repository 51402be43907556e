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
    public void D13_ReleaseWithPendingCallbacks_IsAModelWarningNotACycle()
    {
        var outcome = ScenarioAssert.Meets(new D13ReleaseWithPendingCallbacks());
        Assert.Empty(outcome.Reports);
        Assert.Contains(outcome.Warnings, w => w.Message.EndsWith("released with pending signals!", StringComparison.Ordinal));
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
    public void Catalog_HasD1ToD13AndClean()
    {
        Assert.Equal([.. Enumerable.Range(1, 13).Select(i => $"D{i}"), "clean"], ScenarioCatalog.All.Select(s => s.Id));
        Assert.Same(ScenarioCatalog.All[0], ScenarioCatalog.Find("d01"));
        Assert.Null(ScenarioCatalog.Find("D14"));
    }

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
