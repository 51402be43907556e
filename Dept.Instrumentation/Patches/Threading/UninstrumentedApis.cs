using Dept.Instrumentation.Patching;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Blocking APIs Dept does not follow. The rewriter lists every call site of them in the rewritten module's manifest
/// and the run summary shows them as uninstrumented, so a clean report is never mistaken for full coverage.
/// (<c>WaitHandle.SignalAndWait</c> is counted at run time by <see cref="WaitHandleGroupPatches.SignalAndWait"/>.)
/// </summary>
[DeptUninstrumented(typeof(SpinLock), nameof(SpinLock.Enter), Reason = "spin locks are not modelled")]
[DeptUninstrumented(typeof(SpinLock), nameof(SpinLock.TryEnter), Reason = "spin locks are not modelled")]
[DeptUninstrumented(typeof(SpinWait), nameof(SpinWait.SpinUntil), Reason = "the condition's event is unknown")]
[DeptUninstrumented(typeof(ReaderWriterLock), nameof(ReaderWriterLock.AcquireReaderLock), Reason = "the legacy ReaderWriterLock is not modelled")]
[DeptUninstrumented(typeof(ReaderWriterLock), nameof(ReaderWriterLock.AcquireWriterLock), Reason = "the legacy ReaderWriterLock is not modelled")]
[DeptUninstrumented(typeof(ReaderWriterLock), nameof(ReaderWriterLock.UpgradeToWriterLock), Reason = "the legacy ReaderWriterLock is not modelled")]
public static class UninstrumentedApis
{
}
