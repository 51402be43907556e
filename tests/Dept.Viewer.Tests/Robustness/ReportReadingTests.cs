using System.Text.Json.Nodes;
using Dept.Core.Snapshots;
using Dept.Viewer.Tests.Cli;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// Repros 9, 12, 17 and 19 of the reliability review (#13): whatever a report file holds, <c>stats</c>, <c>export</c>
/// and <c>view</c> answer with one line naming the file and the JSON path, never a stack trace.
/// </summary>
public sealed class ReportReadingTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Each field the review set to null, as a JSON path into the report of <see cref="EngineGraphs.KnownCycles"/>.</summary>
    public static TheoryData<string> NullableFields() =>
    [
        "classes", "dependencies", "reports", "hangs", "hangs[0]", "reports[0].notes", "reports[0].contexts[0]",
        "reports[0].contexts[0].start", "reports[0].contexts[0].wait", "reports[0].contexts[0].start.stack",
        "stats.poolBytes", "classes[0]", "classes[0].id", "dependencies[0].context", "reports[0].fingerprint",
        "reports[0].notes[0]", "uninstrumented", "stats",
    ];

    [Theory]
    [MemberData(nameof(NullableFields))]
    public void NullInAnyField_StatsExportView_OneLineErrorNamingThePath(string field)
    {
        var path = _cli.Write("f.json", WithNull(field));
        foreach (var args in new[] { new[] { "stats", path }, new[] { "export", path, "-f", "dot" } })
        {
            var (code, _, err) = CliRunner.Run(args);
            if (field == "stats")
            {
                Assert.True(code is 0 or 2, err); // stats is optional in the schema: null means "not recorded"
                continue;
            }

            Assert.Equal(1, code);
            Assert.Contains("f.json", err, StringComparison.Ordinal);
            Assert.Contains("$." + field.Split('[')[0], err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
            Assert.Single(err.TrimEnd('\n').Split('\n'));
        }
    }

    [Theory]
    [InlineData("reports[0].contexts[0].start.classId", "\"00000000deadbeef\"", "unknown class id")]
    [InlineData("classes[0].id", "\"not-an-id\"", "is not a class id")]
    [InlineData("dependencies[0].from", "\"0000000000000ABC\"", "is not a class id")]
    [InlineData("classes[0].name", "42", "$.classes[0].name")]
    [InlineData("stats.poolBytes", "[{\"key\":\"x\",\"value\":9223372036854775807},{\"key\":\"y\",\"value\":9}]", "$.stats.poolBytes[1]")]
    public void SilentlyAcceptedBefore_NowRefused_NamingThePath(string field, string json, string expected)
    {
        var path = _cli.Write("f.json", With(field, JsonNode.Parse(json)));
        var (code, _, err) = CliRunner.Run("stats", path);
        Assert.Equal(1, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.Contains("$." + field.Split('.')[0].Split('[')[0], err, StringComparison.Ordinal);
    }

    [Fact]
    public void EndlessInput_DevZero_IsRefusedAtOnce()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /dev/zero: Linux only
        }

        var (code, _, err) = CliRunner.Run("stats", "/dev/zero");
        Assert.Equal(1, code);
        Assert.Contains("character device, not a regular file", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifo_IsRefused_WithoutBlocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // mkfifo: Linux only
        }

        var fifo = _cli.Path("pipe.json");
        OutputSafetyTests.MakeFifo(fifo);
        var run = Task.Run(() => CliRunner.Run("stats", fifo));
        // A hang guard, not a timing assertion: reading a FIFO with no writer would block forever.
        var (code, _, err) = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, code);
        Assert.Contains("FIFO", err, StringComparison.Ordinal);
    }

    [Fact]
    public void InputOverTheSizeCap_IsRefusedWithTheLimitAndTheVariable()
    {
        var path = _cli.Write("big.json", "{\"schema\":\"dept.report/1\"," + new string(' ', 4096) + "}");
        var ex = Assert.Throws<DeptDocumentException>(() => DeptDocumentJson.ReadFile(path, maxBytes: 1024));
        Assert.Contains("over the 1 KiB limit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DEPT_MAX_REPORT_BYTES", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TerminalEscapesInClassNames_NeverReachTheTerminal()
    {
        var evil = "Evil\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eName";
        var a = _cli.Write("a.json", Half(evil, halfOf: 0));
        var b = _cli.Write("b.json", Half(evil, halfOf: 1));

        var (code, stdout, err) = CliRunner.Run("merge", a, b, "-o", _cli.Path("m.json"));

        Assert.Equal(2, code);
        Assert.Contains("Evil\\x1B]0;pwned\\x07\\x1B[2J\\x9B31m\\u202EName", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stdout + err);
        Assert.DoesNotContain('\u009b', stdout + err);
        Assert.DoesNotContain('\u202e', stdout + err);
    }

    private string WithNull(string field) => With(field, null);

    private string With(string field, JsonNode? value)
    {
        var root = JsonNode.Parse(DeptDocumentJson.ToJson(HangingCycles()))!;
        var parts = field.Replace("]", string.Empty, StringComparison.Ordinal).Split('.', '[');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = int.TryParse(parts[i], out var index) ? node![index] : node![parts[i]];
        }

        var last = parts[^1];
        if (int.TryParse(last, out var at))
        {
            node!.AsArray()[at] = value;
        }
        else
        {
            node!.AsObject()[last] = value;
        }

        return root.ToJsonString();
    }

    // KnownCycles plus a hang, a note and a stack, so every field the review nulled exists.
    private static DeptDocument HangingCycles()
    {
        var document = EngineGraphs.KnownCycles().CreateDocument([new DeptUninstrumentedCall("WaitHandle.SignalAndWait", "M (F.cs:1)", 1)]);
        var report = document.Reports[0];
        var context = report.Contexts[0];
        return document with
        {
            Hangs = [new DeptHang { Thread = "OS thread 1", WaitingOn = "lock 0x1", Waited = TimeSpan.FromSeconds(6), Stack = ["Frame()"] }],
            Reports = [report with { Notes = ["a note"], Contexts = [context with { Start = context.Start with { Stack = ["Frame()"] } }, .. report.Contexts.Skip(1)] }, .. document.Reports.Skip(1)],
        };
    }

    // A one-half AB-BA whose classes are named A and evil: each half alone has no cycle, the union has one.
    private static string Half(string evil, int halfOf)
    {
        var engine = EngineGraphs.NewEngine();
        object a = new(), b = new();
        var (first, second) = halfOf == 0 ? ("A", evil) : (evil, "A");
        var t = new Thread(() =>
        {
            engine.Acquire(Core.Annotations.DeptKey.Named(first), a, Core.Annotations.DeptSite.Create("Monitor.Enter", "M", "/src/" + evil + ".cs", 1));
            engine.Acquire(Core.Annotations.DeptKey.Named(second), b, Core.Annotations.DeptSite.Create("Monitor.Enter", "M", "/src/" + evil + ".cs", 2));
            engine.Release(b);
            engine.Release(a);
        });
        t.Start();
        Assert.True(t.Join(TimeSpan.FromSeconds(30)));
        return DeptDocumentJson.ToJson(engine.CreateDocument());
    }
}
