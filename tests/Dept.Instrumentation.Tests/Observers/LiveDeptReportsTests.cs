using Dept.Core.Live;
using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Tests.Observers;

public sealed class LiveDeptReportsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ActualDeadlock Abba() => new(T0.AddSeconds(2),
    [
        new LiveWait(LiveNode.Thread(11), LiveWaitKind.Lock, LiveNode.Thread(22), T0) { LockId = 0xA },
        new LiveWait(LiveNode.Thread(22), LiveWaitKind.Lock, LiveNode.Thread(11), T0.AddSeconds(1)) { LockId = 0xB },
    ]);

    [Fact]
    public void ActualDeadlock_MapsToActualDeadlockReport_InDeptShape()
    {
        var report = LiveDeptReports.ToReport(Abba());

        Assert.Equal(DeptReportKind.ActualDeadlock, report.Kind);
        Assert.Equal(["A", "B"], report.Contexts.Select(c => c.Name));
        var a = report.Contexts[0];
        Assert.Equal("lock 0xa", a.Wait.ClassName);   // Thread 11 waits for lock A...
        Assert.Equal("lock 0xb", a.Event.ClassName);  // ...so it cannot release lock B, which thread 22 waits for.
        Assert.Equal("OS thread 11", a.Thread);
        Assert.Contains(report.Notes, n => n.Contains("waiting 2.0 s", StringComparison.Ordinal));
        var text = TextReportRenderer.Render(report);
        Assert.Contains("*** ACTUAL DEADLOCK ***", text);
    }

    [Fact]
    public void Snapshot_Names_FieldThreadAndLines_FillStartAndEvent_WithoutChangingTheFingerprint()
    {
        var plain = Abba();
        var named = plain with
        {
            Waits =
            [
                plain.Waits[0] with { ObjectName = "Orders.Ledger.s_journal (System.Object)", WaiterName = "ledger-post", Stack = ["System.Threading.Monitor.Enter(System.Object)", "Orders.Ledger.Post() (Ledger.cs:27)", "Orders.Program.Main (Program.cs:3)"] },
                plain.Waits[1],
            ],
        };

        var report = LiveDeptReports.ToReport(named);

        var a = report.Contexts[0];
        Assert.Equal("Orders.Ledger.s_journal (System.Object) lock 0xa", a.Wait.ClassName);
        Assert.Equal("ledger-post (OS thread 11)", a.Thread);
        Assert.Equal(new DeptSourceLocation("Orders.Ledger.Post()", "Ledger.cs", 27), a.Wait.Location);
        Assert.Equal(a.Wait.Location, a.Start.Location);
        Assert.Equal(a.Wait.Location, a.Event.Location);
        Assert.Null(report.Contexts[1].Start.Location); // no stack read for thread 22: (N/A), as before
        Assert.Equal(LiveDeptReports.ToReport(plain).Fingerprint, report.Fingerprint);
        Assert.Contains("[S] Monitor.Enter/Lock.Enter(lock 0xb:0) at Ledger.cs:27", TextReportRenderer.Render(report), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Orders.Ledger.Post() (Ledger.cs:27)", "Orders.Ledger.Post()", "Ledger.cs", 27)]
    [InlineData("Orders.Ledger.Post()", "Orders.Ledger.Post()", null, 0)]
    [InlineData("Orders.Ledger.Post(System.Int32) (x)", "Orders.Ledger.Post(System.Int32) (x)", null, 0)]
    public void FrameLocation_ReadsTheLineWhenThePdbGaveOne(string frame, string member, string? file, int line) =>
        Assert.Equal(new DeptSourceLocation(member, file, line), LiveDeptReports.FrameLocation(frame));

    [Fact]
    public void Fingerprint_DoesNotDependOnWhereTheCycleWasEntered()
    {
        var d = Abba();
        var rotated = new ActualDeadlock(d.DetectedAt, [d.Waits[1], d.Waits[0]]);
        Assert.Equal(LiveDeptReports.ToReport(d).Fingerprint, LiveDeptReports.ToReport(rotated).Fingerprint);
        Assert.Equal(d.Fingerprint, rotated.Fingerprint);
    }

    [Fact]
    public void Document_IsModeActual_AndRoundTripsThroughJson()
    {
        var snapshot = new LiveSnapshot(T0, [], [Abba()], [], default);
        var document = LiveDeptReports.ToDocument(snapshot, "pid 42");
        var json = DeptDocumentJson.ToJson(document);
        var back = DeptDocumentJson.Parse(json);

        Assert.Equal(DeptDocumentMode.Actual, back.Mode);
        Assert.Equal("pid 42", back.Source);
        Assert.Equal(DeptReportKind.ActualDeadlock, Assert.Single(back.Reports).Kind);
    }

    [Fact]
    public void Bridge_SendsDeadlocksToTheEngineReporter_AndHangsToTheCallback()
    {
        var collected = new CollectingReporter();
        LiveHang? seen = null;
        var bridge = new DeptReporterBridge(collected, h => seen = h);
        bridge.OnDeadlock(Abba());
        bridge.OnHang(new LiveHang(T0.AddSeconds(9), Abba().Waits[0]));

        Assert.Equal(DeptReportKind.ActualDeadlock, Assert.Single(collected.Reports).Kind);
        Assert.Equal(TimeSpan.FromSeconds(9), seen?.Duration);
    }
}
