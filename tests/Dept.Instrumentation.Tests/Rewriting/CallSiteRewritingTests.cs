using Dept.Instrumentation.Rewriting;
using Dept.Instrumentation.Tests.Rewriting.TestPatches;

namespace Dept.Instrumentation.Tests.Rewriting;

[Collection(RewritingCollection.Name)]
public sealed class CallSiteRewritingTests : IClassFixture<RewrittenSamples>
{
    private readonly RewrittenSamples _samples;

    public CallSiteRewritingTests(RewrittenSamples samples)
    {
        _samples = samples;
        PatchLog.Take();
    }

    [Fact]
    public void Rewrite_ReportsSitesAndKeepsInputUntouched()
    {
        Assert.Equal(DeptRewriteOutcome.Rewritten, _samples.Result.Outcome);
        Assert.True(_samples.Result.Instrumented >= 14, $"instrumented {_samples.Result.Instrumented}");
        Assert.Equal(1, _samples.Result.Uninstrumented);
        Assert.Equal(1, _samples.Result.Skipped); // base.Run() in FastWorker: a non-virtual call of a virtual target
        Assert.Equal(
            File.ReadAllBytes(typeof(Dept.Rewriting.Samples.Gate).Assembly.Location),
            File.ReadAllBytes(_samples.Original));
    }

    [Fact]
    public void LockObject_PrefixAndPostfixSeeRefArgumentAndSite()
    {
        Assert.Equal(1, _samples.Invoke("PlainLock"));
        var (entries, sites) = PatchLog.Take();
        Assert.Equal(
            ["Monitor.Enter prefix taken=False held=False slot=empty", "Monitor.Enter postfix taken=True held=True", "Monitor.Exit postfix held=False slot=filled"],
            entries);
        var site = Assert.Single(sites);
        Assert.Equal(("Monitor.Enter", "Dept.Rewriting.Samples.Calls.s_gate"), (site.Function, site.Receiver)); // receiver field through lock's temporary
        Assert.Equal("Dept.Rewriting.Samples.Calls.PlainLock", site.Member);
        Assert.EndsWith("Calls.cs", site.File, StringComparison.Ordinal);
        Assert.Equal(LineOf("lock (s_gate)"), site.Line);
        Assert.True(site.IlOffset >= 0);
    }

    [Fact]
    public void CallsSharingALine_AreToldApartByColumnOrOrder_ACallAloneKeepsThePlainName()
    {
        Assert.Equal(4, _samples.Invoke("OneLineLocks", new object(), new object()));
        var line = File.ReadAllLines(Path.Combine(SourceRoot(), "tests", "Dept.Rewriting.Samples", "Calls.cs"))[LineOf("lock (a) { lock (b)") - 1];
        Assert.Equal(
            [$":{line.IndexOf("lock (a)", StringComparison.Ordinal) + 1}", $":{line.IndexOf("lock (b)", StringComparison.Ordinal) + 1}"],
            PatchLog.Take().Sites.Select(static s => s.Qualifier));

        Assert.Equal(4, _samples.Invoke("OneStatementPasses", _samples.New("Gate")));
        Assert.Equal(["#1", "#2"], PatchLog.Take().Sites.Select(static s => s.Qualifier));

        Assert.Equal(1, _samples.Invoke("PlainLock"));
        Assert.Null(Assert.Single(PatchLog.Take().Sites).Qualifier);
    }

    [Fact]
    public void ThreadSlot_IsOneLocalPerInvocation_SharedByItsCallSites()
    {
        // lock (outer) { lock (inner) { } }: the first patch of each invocation sees an empty slot, the others the
        // value it left; a second invocation starts empty again (the slot is a local, not a static).
        for (var call = 0; call < 2; call++)
        {
            Assert.Equal(3, _samples.Invoke("NestedLock", new object(), new object()));
            var slots = PatchLog.Take().Entries.Where(e => e.Contains("slot=", StringComparison.Ordinal)).Select(e => e[(e.IndexOf("slot=", StringComparison.Ordinal) + 5)..]);
            Assert.Equal(["empty", "filled", "filled", "filled"], slots);
        }
    }

    [Fact]
    public void Receivers_ReadLikeTheSource_PropertyAndCapturedLocal()
    {
        Assert.Equal(3, _samples.Invoke("PropertyLock"));
        Assert.Equal("Dept.Rewriting.Samples.Calls.PropertyGate", PatchLog.Take().Sites[0].Receiver);
        Assert.Equal(5, _samples.Invoke("CapturedLock"));
        Assert.Equal("Dept.Rewriting.Samples.Calls.captured", PatchLog.Take().Sites[0].Receiver);
    }

    [Fact]
    public void LockScope_ValueTypeReceiverByRef()
    {
        Assert.Equal(2, _samples.Invoke("ScopedLock"));
        var (entries, sites) = PatchLog.Take();
        Assert.Equal(["Lock.EnterScope held=True", "Lock.Scope.Dispose"], entries);
        var scope = Assert.Single(sites);
        Assert.Equal(("Lock.Scope.Dispose", null), (scope.Function, scope.Receiver)); // the receiver is a local scope, no field
    }

    [Fact]
    public void AllInjections_StateResultSiteInOrder()
    {
        var gate = _samples.New("Gate");
        PatchLog.Take();
        Assert.Equal(4, _samples.Invoke("Pass", gate, 4));
        var (entries, sites) = PatchLog.Take();
        Assert.Equal(
            ["Gate.Pass prefix count=4 passes=0", "Gate.Pass postfix result=4 state=1004", "Gate.Pass finalizer exception=none state=1004"],
            entries);
        Assert.Equal(LineOf("public static int Pass(Gate gate, int count)"), Assert.Single(sites).Line);
    }

    [Fact]
    public void Finalizer_SeesExceptionAndOriginalExceptionPropagates()
    {
        var gate = _samples.New("Gate");
        PatchLog.Take();
        Assert.Throws<ArgumentOutOfRangeException>(() => _samples.Invoke("Pass", gate, -1));
        var (entries, _) = PatchLog.Take();
        Assert.Equal(["Gate.Pass prefix count=-1 passes=0", "Gate.Pass finalizer exception=ArgumentOutOfRangeException state=999"], entries);
    }

    [Fact]
    public void PortablePdb_StackTraceLinesSurviveRewriting()
    {
        var gate = _samples.New("Gate");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _samples.Invoke("Pass", gate, -1));
        Assert.True(ex.StackTrace!.Contains($"Calls.cs:line {LineOf("public static int Pass(Gate gate, int count)")}", StringComparison.Ordinal), ex.StackTrace);
        Assert.Contains("Gate.cs:line", ex.StackTrace, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task LambdaAndAsyncStateMachine_SitesNameTheUserMethod()
    {
        var gate = _samples.New("Gate");
        PatchLog.Take();
        Assert.Equal(3, _samples.Invoke("PassInLambda", gate));
        Assert.Equal(8, await (Task<int>)_samples.Invoke("PassAfterAwaitAsync", gate)!);
        var (_, sites) = PatchLog.Take();
        Assert.Equal(
            ["Dept.Rewriting.Samples.Calls.PassInLambda (lambda)", "Dept.Rewriting.Samples.Calls.PassAfterAwaitAsync"],
            sites.Select(s => s.Member));
        Assert.Equal(LineOf("Func<int> f = () => gate.Pass(offset);"), sites[0].Line);
        Assert.Equal(LineOf("return gate.Pass(5);"), sites[1].Line);
    }

    [Fact]
    public void GenericTarget_ShimInstantiatedPerCallSite()
    {
        Assert.Equal(42, _samples.Invoke("SetInt", _samples.New("Box`1", typeof(int))));
        var generic = _samples.Assembly.GetType("Dept.Rewriting.Samples.Calls")!.GetMethod("SetInGeneric")!.MakeGenericMethod(typeof(string));
        Assert.Equal("x", generic.Invoke(null, [_samples.New("Box`1", typeof(string)), "x"]));
        Assert.Equal(["Box.Set<Int32> value=42", "Box.Set<String> value=x"], PatchLog.Take().Entries);
    }

    [Fact]
    public void ValueTypeReceiver_PatchSeesCallersStruct()
    {
        Assert.Equal(2, _samples.Invoke("UseToken"));
        Assert.Equal(["Token.Use uses=1", "Token.Use uses=2"], PatchLog.Take().Entries);
    }

    [Fact]
    public void MethodGroup_LdftnGoesThroughPerSiteWrapper()
    {
        var gate = _samples.New("Gate");
        PatchLog.Take();
        Assert.Equal(1, _samples.Invoke("PingGroup", gate));
        var (entries, sites) = PatchLog.Take();
        Assert.StartsWith("Gate.Ping on Gate", Assert.Single(entries), StringComparison.Ordinal);
        Assert.Equal(LineOf("Action ping = gate.Ping;"), Assert.Single(sites).Line);
    }

    [Fact]
    public void VirtualTarget_CallvirtAndLdvirtftnStillDispatchToOverride()
    {
        var fast = _samples.New("FastWorker");
        Assert.Equal("fast:base", _samples.Invoke("RunVirtual", fast));
        var group = (Func<string>)_samples.Invoke("RunGroup", fast)!;
        Assert.Equal("fast:base", group());
        Assert.Equal(["Worker.Run FastWorker -> fast:base", "Worker.Run FastWorker -> fast:base"], PatchLog.Take().Entries);
    }

    [Fact]
    public void ConstructorAndGenericMethod_Patched()
    {
        Assert.Equal("Gate", _samples.Invoke("NewGate")!.GetType().Name);
        var gate = _samples.New("Gate");
        PatchLog.Take();
        Assert.Equal("echo7", _samples.Invoke("EchoGeneric", gate));
        Assert.Equal(["Gate.Echo -> echo", "Gate.Echo -> 7"], PatchLog.Take().Entries);
    }

    [Fact]
    public void ModuleInitializer_RunsBeforeFirstCall()
    {
        PatchLog.Take();
        using var fresh = new RewrittenSamples();
        Assert.Equal(["module initializer"], PatchLog.Take().Entries);
    }

    [Fact]
    public void Manifest_ListsUninstrumentedCallWithLine()
    {
        var calls = DeptRewriteManifest.Read(_samples.Assembly);
        var call = Assert.Single(calls, c => !c.Instrumented);
        Assert.Equal("System.Threading.WaitHandle::SignalAndWait", call.Api);
        Assert.Equal("signal and wait are one kernel call", call.Reason);
        Assert.Equal(LineOf("WaitHandle.SignalAndWait(a, b)"), call.Line);
        Assert.Equal(_samples.Result.Instrumented, calls.Count(c => c.Instrumented));
    }

    [Fact]
    public void ShowIl_PrintsBeforeAndAfter()
    {
        var text = _samples.IlLog.ToString();
        Assert.Contains("Calls::PlainLock()", text, StringComparison.Ordinal);
        Assert.Contains("before:", text, StringComparison.Ordinal);
        Assert.Contains("call System.Void <Dept>Shims::Monitor_Enter_", text, StringComparison.Ordinal);
    }

    private static int LineOf(string text)
    {
        var file = Path.Combine(SourceRoot(), "tests", "Dept.Rewriting.Samples", "Calls.cs");
        var lines = File.ReadAllLines(file);
        return Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;
    }

    internal static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
