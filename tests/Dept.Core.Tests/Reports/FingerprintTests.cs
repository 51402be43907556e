using Dept.Core.Annotations;
using Dept.Core.Reports;

namespace Dept.Core.Tests.Reports;

public sealed class FingerprintTests
{
    [Fact]
    public void Rotation_DoesNotChangeTheFingerprint()
        => Assert.Equal(Fingerprint.Of(["A:0", "B:0", "C:0"]), Fingerprint.Of(["C:0", "A:0", "B:0"]));

    [Fact]
    public void OtherDirection_IsAnotherCycle()
        => Assert.NotEqual(Fingerprint.Of(["A:0", "B:0", "C:0"]), Fingerprint.Of(["A:0", "C:0", "B:0"]));

    [Fact]
    public void SameCycleInTwoEngines_SameFingerprint_WhicheverEdgeClosesIt()
    {
        var a = new DeptKey("F.A");
        var b = new DeptKey("F.B");
        object la = new(), lb = new();
        var first = new TestEngine();
        first.Lock(a, la); first.Lock(b, lb); first.Unlock(lb); first.Unlock(la);
        first.Lock(b, lb); first.Lock(a, la); first.Unlock(la); first.Unlock(lb);
        var second = new TestEngine();
        second.Lock(b, lb); second.Lock(a, la); second.Unlock(la); second.Unlock(lb);
        second.Lock(a, la); second.Lock(b, lb); second.Unlock(lb); second.Unlock(la);

        Assert.Equal(Assert.Single(first.Reports).Fingerprint, Assert.Single(second.Reports).Fingerprint);
        Assert.Matches("^dept-[0-9a-f]{16}$", first.Reports[0].Fingerprint);
    }
}
