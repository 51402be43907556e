using Dept.Core.Annotations;
using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;

namespace Dept.Core.Tests.Snapshots;

/// <summary>
/// The hand-written document writer (#12) against the serializer it replaced: byte for byte the same JSON, for real
/// engine documents (stacks, reports, counters) and for documents with every optional field left null.
/// </summary>
public sealed class DocumentWriterTests
{
    [Fact]
    public void EngineDocument_WithStacksReportsAndCounters_IsWrittenExactlyAsTheSerializerWroteIt()
    {
        var t = new TestEngine(o => o.CaptureStacks = true);
        var (ka, kb, kc) = (new DeptKey("W.A"), new DeptKey("W.B <é> \"q\""), new DeptKey("W.C"));
        object a = new(), b = new(), c = new();
        t.Lock(ka, a, 1); t.Lock(kb, b, 2); t.Unlock(b, 3); t.Unlock(a, 4);
        t.Lock(kb, b, 5); t.Lock(ka, a, 6); t.Lock(kc, c, 7); t.Unlock(c, 8); t.Unlock(a, 9); t.Unlock(b, 10);
        var engine = t.Engine;
        var document = engine.CreateDocument([new DeptUninstrumentedCall("WaitHandle.SignalAndWait", "M (F.cs:1)", 2)]);
        Assert.NotEmpty(document.Reports);
        Assert.NotNull(document.Stats);

        Assert.Equal(DeptDocumentJson.ToJsonWithSerializer(document), DeptDocumentJson.ToJson(document));
    }

    [Fact]
    public void NullOptionalFields_AreLeftOutAsTheSerializerLeavesThemOut()
    {
        var point = new DeptReportPoint { Function = "f", ClassId = "000000000000000a", ClassName = "A", Location = null, Note = null };
        var withLocation = point with { Location = new DeptSourceLocation(null, null, 0), Note = "n", Stack = ["x\u001by", "é"] };
        var document = new DeptDocument
        {
            Source = null,
            Stats = null,
            Classes = [new DeptClassInfo { Id = "000000000000000a", Name = "A<&>'\"", EventType = Classes.DeptEventType.Custom, IsCallSite = true }],
            Dependencies =
            [
                new DeptDependencyInfo { From = "000000000000000a", To = "000000000000000a", Context = new DeptReportContext { Name = "A", Start = point, Wait = withLocation, Event = point, Thread = null } },
                new DeptDependencyInfo { From = "000000000000000a", To = "000000000000000a", Timeout = true, Implicit = true, FirstSeen = DateTimeOffset.FromUnixTimeMilliseconds(1234567), Context = new DeptReportContext { Name = "B", Start = withLocation, Wait = point, Event = withLocation, Thread = "worker #3", Timeout = true } },
            ],
        };

        Assert.Equal(DeptDocumentJson.ToJsonWithSerializer(document), DeptDocumentJson.ToJson(document));
        Assert.Equal(DeptDocumentJson.ToJsonWithSerializer(new DeptDocument()), DeptDocumentJson.ToJson(new DeptDocument()));
    }
}
