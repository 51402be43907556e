using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Core.Tests.Snapshots;

public sealed class DeptDocumentJsonTests
{
    [Fact]
    public void RoundTrip_KeepsClassesDependenciesAndReports()
    {
        var doc = AbbaDocument();
        var back = DeptDocumentJson.Parse(DeptDocumentJson.ToJson(doc));

        Assert.Equal(DeptDocument.CurrentSchema, back.Schema);
        Assert.Equal(doc.Classes, back.Classes);
        Assert.Equal(doc.Dependencies.Count, back.Dependencies.Count);
        Assert.Equal(doc.Reports[0].Fingerprint, back.Reports[0].Fingerprint);
        Assert.Equal(TextReportRenderer.Render(doc.Reports[0]), TextReportRenderer.Render(back.Reports[0]));
    }

    [Fact]
    public void Json_UsesDocumentedFieldNames()
    {
        var json = DeptDocumentJson.ToJson(AbbaDocument());
        foreach (var field in new[] { "\"schema\": \"dept.report/2\"", "\"mode\": \"potential\"", "\"classes\"", "\"dependencies\"", "\"reports\"", "\"kind\": \"deadlock\"", "\"fingerprint\"", "\"contexts\"", "\"start\"", "\"wait\"", "\"event\"", "\"stats\"" })
        {
            Assert.Contains(field, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SchemaVersion1Document_IsStillRead()
    {
        var v1 = DeptDocumentJson.ToJson(AbbaDocument() with { Schema = "dept.report/1" });

        var back = DeptDocumentJson.Parse(v1);

        Assert.Equal("dept.report/1", back.Schema);
        Assert.Single(back.Reports);
        Assert.Null(back.Reports[0].Reason);
    }

    [Fact]
    public void UnreachableReport_RoundTrips_WithKindAndReason()
    {
        var context = AbbaDocument().Reports[0].Contexts[0];
        var unreachable = new DeptReport
        {
            Kind = DeptReportKind.UnreachableEvent,
            Reason = DeptUnreachableReason.Collected,
            Fingerprint = "dept-0123456789abcdef",
            Contexts = [context],
            Notes = ["reason: the source was collected"],
        };
        var json = DeptDocumentJson.ToJson(AbbaDocument() with { Reports = [unreachable] });

        var back = DeptDocumentJson.Parse(json).Reports[0];

        Assert.Contains("\"kind\": \"unreachableEvent\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"collected\"", json, StringComparison.Ordinal);
        Assert.Equal(DeptReportKind.UnreachableEvent, back.Kind);
        Assert.Equal(DeptUnreachableReason.Collected, back.Reason);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{ \"schema\": ", "not valid JSON at line 1")]
    [InlineData("[1,2]", "JSON array; expected an object")]
    [InlineData("{ \"classes\": [] }", "\"schema\" field is missing")]
    [InlineData("{ \"schema\": \"dept.report/9\" }", "version \"dept.report/9\" is not supported")]
    [InlineData("{ \"schema\": \"something-else\" }", "not a Dept report")]
    [InlineData("{ \"schema\": \"dept.report/1\", \"mode\": \"sideways\" }", "invalid field $.mode")]
    [InlineData("{ \"schema\": \"dept.report/1\", \"classes\": [{\"id\":\"000000000000000a\",\"name\":\"A\"}], \"dependencies\": [{\"from\":\"000000000000000a\",\"to\":\"00000000000000ff\",\"context\":{\"name\":\"A\",\"start\":{\"function\":\"f\",\"classId\":\"000000000000000a\",\"className\":\"A\"},\"wait\":{\"function\":\"f\",\"classId\":\"000000000000000a\",\"className\":\"A\"},\"event\":{\"function\":\"f\",\"classId\":\"000000000000000a\",\"className\":\"A\"}}}] }", "$.dependencies[0].to: unknown class id \"00000000000000ff\"")]
    public void BadInput_ClearErrorNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<DeptDocumentException>(() => DeptDocumentJson.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_MissingFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "dept-missing-" + Guid.NewGuid() + ".json");
        var ex = Assert.Throws<DeptDocumentException>(() => DeptDocumentJson.ReadFile(path));
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFile_ThenReadFile_RoundTrips()
    {
        var path = Path.Combine(Path.GetTempPath(), "dept-doc-" + Guid.NewGuid() + ".json");
        try
        {
            DeptDocumentJson.WriteFile(AbbaDocument(), path);
            Assert.Single(DeptDocumentJson.ReadFile(path).Reports);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ImportTwoHalves_UnionClosesTheCycle()
    {
        // Each shard saw one order; only the merged graph has the cycle (DEPT's graph is cumulative).
        var a = new DeptKey("Shard.A");
        var b = new DeptKey("Shard.B");
        object la = new(), lb = new();
        var first = new TestEngine();
        first.Lock(a, la); first.Lock(b, lb); first.Unlock(lb); first.Unlock(la);
        var second = new TestEngine();
        second.Lock(b, lb); second.Lock(a, la); second.Unlock(la); second.Unlock(lb);
        Assert.Empty(first.Reports);
        Assert.Empty(second.Reports);

        var merged = new TestEngine();
        Assert.Empty(merged.Engine.Import(DeptDocumentJson.Parse(DeptDocumentJson.ToJson(first.Engine.CreateDocument()))));
        var found = merged.Engine.Import(second.Engine.CreateDocument());

        var report = Assert.Single(found);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        Assert.All(report.Contexts, c => Assert.NotNull(c.Wait.Location));
    }

    private static DeptDocument AbbaDocument()
    {
        var t = new TestEngine();
        var a = new DeptKey("Json.A");
        var b = new DeptKey("Json.B");
        object la = new(), lb = new();
        t.Lock(a, la, 1); t.Lock(b, lb, 2); t.Unlock(lb, 3); t.Unlock(la, 4);
        t.Lock(b, lb, 5); t.Lock(a, la, 6); t.Unlock(la, 7); t.Unlock(lb, 8);
        return t.Engine.CreateDocument();
    }
}

public sealed class PublishTests
{
    [Fact]
    public void Publish_RecordsOnceAndDelivers()
    {
        var t = new TestEngine();
        var point = new DeptReportPoint { Function = "Monitor.Enter", ClassId = "0000000000000001", ClassName = "lock 0x1" };
        var report = new DeptReport
        {
            Kind = DeptReportKind.ActualDeadlock,
            Fingerprint = "dept-0000000000000001",
            Contexts = [new DeptReportContext { Name = "A", Start = point, Wait = point, Event = point }],
        };

        Assert.True(t.Engine.Publish(report));
        Assert.False(t.Engine.Publish(report));
        Assert.Single(t.Reports);
        Assert.Single(t.Engine.Reports);
        var doc = t.Engine.CreateDocument() with { Hangs = [new DeptHang { Thread = "OS thread 7", WaitingOn = "task 3", Waited = TimeSpan.FromSeconds(6) }] };
        Assert.Equal("task 3", Assert.Single(DeptDocumentJson.Parse(DeptDocumentJson.ToJson(doc)).Hangs).WaitingOn);
    }
}
