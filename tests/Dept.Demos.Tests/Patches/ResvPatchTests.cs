using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Demos.Tests.Support;
using DmaBuf;
using DmaBuf.Dept.Reservation;
using DmaBuf.Reservation;

namespace Dept.Demos.Tests.Patches;

public sealed class ResvPatchTests
{
    private static readonly DeptSite Site = DeptSite.Create("test", "ResvPatchTests", "ResvPatchTests.cs", 1);
    private readonly DmaRuntime _runtime = new();

    [Fact]
    public void LocksUnderOneAcquireContext_AreNotSameClassRecursion_ButALockWithoutOneIs()
    {
        using var scope = new EngineScope();
        var a = new ReservationObject(_runtime);
        var b = new ReservationObject(_runtime);
        var c = new ReservationObject(_runtime);
        using var context = new WwAcquireContext(_runtime);
        LockAsRewritten(a, context);
        LockAsRewritten(b, context);
        Assert.Empty(scope.Reports);

        LockAsRewritten(c, null);
        Assert.Equal(DeptReportKind.AADeadlock, Assert.Single(scope.Reports).Kind);
        foreach (var r in new[] { c, b, a })
        {
            ResvUnlockPatch.Prefix(r, Site, ref TestSlot.Current);
            using (DeptContext.Suppress())
            {
                r.Unlock();
            }
        }
    }

    [Fact]
    public void DeadlockResult_EntersNothing_AndLockSlowIsAPlainWait()
    {
        using var scope = new EngineScope();
        var held = new ReservationObject(_runtime);
        ResvTryLockPatch.Postfix(held, false, Site);
        ResvLockPatch.Postfix(held, WwLockResult.Deadlock, Site);
        ResvLockSlowPatch.Prefix(held, Site);
        ResvLockSlowPatch.Postfix(held, Site);
        ResvUnlockPatch.Prefix(held, Site, ref TestSlot.Current);
        Assert.Equal(0, scope.Dependencies);
        Assert.Empty(scope.Reports);
    }

    // Prefix, the real lock (untracked: this test assembly is rewritten too), Postfix: what a rewritten site does.
    private static void LockAsRewritten(ReservationObject resv, WwAcquireContext? context)
    {
        ResvLockPatch.Prefix(resv, context, Site);
        WwLockResult result;
        using (DeptContext.Suppress())
        {
            result = resv.Lock(context);
        }

        ResvLockPatch.Postfix(resv, result, Site);
    }
}
