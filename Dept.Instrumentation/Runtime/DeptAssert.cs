using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Assertions for tests that run instrumented code, usable from any test framework (no dependency on one): a
/// failing assertion throws <see cref="DeptCycleException"/>, whose message is the rendered DEPT report, so the
/// test runner shows the cycle with its [S]/[W]/[E] source lines.
/// </summary>
/// <example><code>
/// [Fact]
/// public void Transfers_HaveNoLockOrderCycle()
/// {
///     var mark = DeptAssert.Mark();
///     RunTransfers();
///     DeptAssert.NoCycles(since: mark);
/// }
/// </code></example>
/// <remarks>Thread-safe. Reads the process-wide engine (<see cref="DeptRuntime.Current"/>); with no engine running there is nothing to assert and the calls pass.</remarks>
public static class DeptAssert
{
    /// <summary>Returns how many cycles the engine has reported so far, to pass to <see cref="NoCycles(int)"/> later.</summary>
    public static int Mark()
    {
        DeptInstrumentedRun.EnsureStarted();
        return DeptRuntime.Current?.Reports.Count ?? 0;
    }

    /// <summary>Throws when any cycle has been recorded in this process.</summary>
    /// <exception cref="DeptCycleException">One or more cycles were recorded; the message is their rendered reports.</exception>
    public static void NoCycles() => NoCycles(since: 0);

    /// <summary>Throws when a cycle was recorded after <paramref name="since"/> (a value from <see cref="Mark"/>).</summary>
    /// <exception cref="DeptCycleException">One or more cycles were recorded; the message is their rendered reports.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="since"/> is negative.</exception>
    public static void NoCycles(int since)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(since);
        DeptInstrumentedRun.EnsureStarted();
        var reports = DeptRuntime.Current?.Reports;
        if (reports is null || reports.Count <= since)
        {
            return;
        }

        throw new DeptCycleException([.. reports.Skip(since)]);
    }

    /// <summary>Returns the cycles recorded after <paramref name="since"/>, for tests that expect some.</summary>
    public static IReadOnlyList<DeptReport> CyclesSince(int since)
    {
        var reports = DeptRuntime.Current?.Reports;
        return reports is null || reports.Count <= since ? [] : [.. reports.Skip(since)];
    }
}
