using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using DmaBuf.Locking;
using DmaBuf.Scheduling;

namespace DmaBuf.Dept.Locking;

/// <summary>
/// Work-item boundaries: each <c>irq_work</c> item and each job completion is a new execution context, as DEPT
/// bumps the context id per work item, so unrelated items on a pool thread are not charged with each other's waits.
/// </summary>
[DeptPatch(typeof(IrqWork), nameof(IrqWork.Run), typeof(Action))]
[DeptPatch(typeof(GpuScheduler), nameof(GpuScheduler.RunJob), typeof(GpuJob))]
public static class ExecutionContextPatch
{
    /// <summary>Starts a new context.</summary>
    public static void Prefix() => DeptContext.NewContext();
}
