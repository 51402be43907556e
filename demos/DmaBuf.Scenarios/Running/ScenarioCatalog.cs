using DmaBuf.Scenarios.Scenarios;

namespace DmaBuf.Scenarios.Running;

/// <summary>Every scenario, in the order the runner plays them.</summary>
public static class ScenarioCatalog
{
    /// <summary>Gets D1-D18, the clean twins of the lifetime scenarios (D13-ok ... D18-ok) and the clean workload.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new D01WaitUnderLock(),
        new D02ResvInSignallingPath(),
        new D03ReclaimInSignallingPath(),
        new D04ReentrantSignalSharedLock(),
        new D05CallbackWaits(),
        new D06NouveauPendingList(),
        new D07ResvAbbaWithoutContext(),
        new D08LockingConventionViolation(),
        new D09HeapLockResvInversion(),
        new D10CpuAccessUnderFileLock(),
        new D11IndefiniteFence(),
        new D12PageFaultVersusFenceJob(),
        new D13ReleaseWithPendingCallbacks(),
        new D13ReleaseAfterSignal(),
        new D14DriverUnloadWithPendingFence(),
        new D14DriverUnloadAfterGracePeriod(),
        new D15TimelineTornDownUnderWaiter(),
        new D15TimelineTornDownSignalsError(),
        new D16ArrayComponentNeverSignalled(),
        new D16ArrayAllComponentsSignal(),
        new D17UioIndefiniteFence(),
        new D17UioFenceSignalledBeforeExit(),
        new D18HeapNamedAfterAllocator(),
        new D18HeapNamedAfterRegion(),
        new CleanWorkload(),
    ];

    /// <summary>Finds a scenario by id, case-insensitively (<c>d1</c>, <c>D01</c> and <c>clean</c> all work).</summary>
    /// <param name="id">The id.</param>
    /// <returns>The scenario, or <see langword="null"/>.</returns>
    public static Scenario? Find(string id)
    {
        var normalized = id.Trim().ToUpperInvariant();
        if (normalized.Length > 1 && normalized[0] == 'D' && int.TryParse(normalized.AsSpan(1), out var n))
        {
            normalized = $"D{n}";
        }

        return All.FirstOrDefault(s => string.Equals(s.Id, normalized, StringComparison.OrdinalIgnoreCase));
    }
}
