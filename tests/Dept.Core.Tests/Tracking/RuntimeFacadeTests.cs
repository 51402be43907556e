using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Tests.Tracking;

[Collection(SelfLogCollection.Name)]
public sealed class RuntimeFacadeTests
{
    [Fact]
    public void Facades_WithNoEngine_DoNothing()
    {
        DeptRuntime.Install(null);
        var key = new DeptKey("A");
        var o = new object();
        DeptLdt.Acquire(key, o);
        DeptLdt.Release(o);
        DeptSdt.Wait(new DeptMap(key));
        DeptContext.NewContext();
        using (DeptContext.Suppress())
        {
        }

        Assert.Null(DeptRuntime.Current);
    }

    [Fact]
    public void Facades_WithProcessEngine_RecordThroughIt()
    {
        var t = new TestEngine();
        DeptRuntime.Install(t.Engine);
        try
        {
            var a = new DeptKey("A");
            var b = new DeptKey("B");
            object la = new(), lb = new();
            DeptLdt.Acquire(a, la); DeptLdt.Acquire(b, lb); DeptLdt.Release(lb); DeptLdt.Release(la);
            DeptLdt.Acquire(b, lb); DeptLdt.Acquire(a, la); DeptLdt.Release(la); DeptLdt.Release(lb);
            Assert.Equal(DeptReportKind.Deadlock, Assert.Single(t.Reports).Kind);
        }
        finally
        {
            DeptRuntime.Install(null);
        }
    }
}
