using Dept.Instrumentation.Patching;

namespace Dept.Instrumentation.Patches.Threading;

/// <summary>
/// Blocking framework APIs Dept does not model (#10). The rewriter leaves their call sites as they are, lists each in the
/// rewritten module's manifest and counts every run (<c>UninstrumentedCalls.Count</c>): the run summary and the JSON
/// report show what ran unseen and how often, so a clean report is never mistaken for full coverage. A declaration
/// covers every overload of the method; overloads that have a <see cref="DeptPatchAttribute"/> patch are modelled and
/// not listed (e.g. the plain <c>Parallel.For</c> overloads, while those with thread-local state are listed here).
/// </summary>
[DeptUninstrumented(typeof(WaitHandle), nameof(WaitHandle.SignalAndWait), Reason = "a signal and a wait fused in one kernel call")]
[DeptUninstrumented(typeof(SpinWait), nameof(SpinWait.SpinUntil), Reason = "the event the condition waits for is unknown")]
[DeptUninstrumented(typeof(ReaderWriterLock), nameof(ReaderWriterLock.AcquireReaderLock), Reason = "the legacy ReaderWriterLock is not modelled")]
[DeptUninstrumented(typeof(ReaderWriterLock), nameof(ReaderWriterLock.AcquireWriterLock), Reason = "the legacy ReaderWriterLock is not modelled")]
[DeptUninstrumented(typeof(ReaderWriterLock), nameof(ReaderWriterLock.UpgradeToWriterLock), Reason = "the legacy ReaderWriterLock is not modelled")]
[DeptUninstrumented("System.Collections.Concurrent.BlockingCollection`1", "TakeFromAny", Reason = "a wait on any of several collections")]
[DeptUninstrumented("System.Collections.Concurrent.BlockingCollection`1", "TryTakeFromAny", Reason = "a wait on any of several collections")]
[DeptUninstrumented("System.Collections.Concurrent.BlockingCollection`1", "AddToAny", Reason = "a wait on any of several collections")]
[DeptUninstrumented("System.Collections.Concurrent.BlockingCollection`1", "TryAddToAny", Reason = "a wait on any of several collections")]
[DeptUninstrumented("System.Threading.Channels.ChannelReader`1", "ReadAllAsync", Reason = "each item's wait happens inside the async enumerator")]
[DeptUninstrumented("System.Threading.Tasks.Parallel", "For", Reason = "this overload (thread-local state) is not modelled")]
[DeptUninstrumented("System.Threading.Tasks.Parallel", "ForEach", Reason = "this overload (partitioner or thread-local state) is not modelled")]
[DeptUninstrumented("System.Linq.ParallelEnumerable", "ForAll", Reason = "PLINQ bodies are not modelled")]
public static class UninstrumentedApis
{
}
