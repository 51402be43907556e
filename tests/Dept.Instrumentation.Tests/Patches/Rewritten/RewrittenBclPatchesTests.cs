using Dept.Core.Reports;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Patches.Rewritten;

/// <summary>
/// The built-in patches on really rewritten code (Dept.Patches.Targets rewritten by the Cecil rewriter): latent
/// deadlocks are reported with field classes and the right source lines; clean code reports nothing.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RewrittenBclPatchesTests : IClassFixture<RewrittenTargets>
{
    private readonly RewrittenTargets _targets;

    public RewrittenBclPatchesTests(RewrittenTargets targets)
    {
        _targets = targets;
        using var loading = new PatchEngine();
        _targets.Load();
    }

    [Fact]
    public void Rewrite_InstrumentsEveryPrimitiveSite_AndMarksTheProcessInstrumented()
    {
        Assert.True(_targets.Result.Instrumented >= 60, $"instrumented {_targets.Result.Instrumented}");
        Assert.True(DeptInstrumentedRun.AnyRewrittenAssemblyLoaded());
    }

    [Fact]
    public void DroppedTaskCompletionSource_WithABlockedWaiter_IsAnUnreachableEventNamingBothSites()
    {
        using var dept = new PatchEngine();
        var type = _targets.Load().GetType("Dept.Patches.Targets.Abandoned", throwOnError: true)!;
        var release = (Action)type.GetMethod("BlockOnDroppedSource")!.Invoke(null, null)!;
        try
        {
            Dept.Core.Lifetimes.DeptSources.CollectAndSweep();
        }
        finally
        {
            release();
        }

        var report = Assert.Single(dept.Reports, static r => r.Kind == DeptReportKind.UnreachableEvent);
        Assert.Equal(DeptUnreachableReason.Collected, report.Reason);
        var context = Assert.Single(report.Contexts);
        Assert.EndsWith("Abandoned.cs", context.Wait.Location?.File, StringComparison.Ordinal);
        Assert.Equal(23, context.Wait.Location?.Line);
        Assert.EndsWith("Abandoned.cs", context.Event.Location?.File, StringComparison.Ordinal);
        Assert.Equal(49, context.Event.Location?.Line);
        Assert.Equal("TaskCompletionSource<Int32>.SetResult", context.Event.Function);
    }

    [Fact]
    public void LockOrderInversion_ReportsDeadlockWithFieldClassesAndLines()
    {
        using var dept = new PatchEngine();

        var report = _targets.RunLockOrderInversion(dept);
        var accountWait = Assert.Single(report.Contexts, static c => c.Wait.ClassName == "Dept.Patches.Targets.Account._sync").Wait;
        Assert.Equal("Account.cs", Path.GetFileName(accountWait.Location?.File));
        Assert.Equal(RewrittenTargets.LineOf("Account.cs", "lock (_sync)", after: "public int Read()"), accountWait.Location?.Line);
        var ledgerWait = Assert.Single(report.Contexts, static c => c.Wait.ClassName == "Dept.Patches.Targets.Ledger._lock").Wait;
        Assert.Equal("Ledger.cs", Path.GetFileName(ledgerWait.Location?.File));

        // lock (Lock) lowers EnterScope under a hidden sequence point: the rewriter's locator (instr-rewriter) then
        // names the method's opening line, one above the lock statement.
        Assert.InRange(ledgerWait.Location!.Line, RewrittenTargets.LineOf("Ledger.cs", "lock (_lock)") - 1, RewrittenTargets.LineOf("Ledger.cs", "lock (_lock)"));
    }

    [Fact(Timeout = 120_000)]
    public async Task EightThreadsThroughTheSameLockSites_OneEdge_NoReport_EveryAcquireCounted()
    {
        // The inlined lock path under contention: per-invocation slots, per-site memos written once, no shared writes.
        using var dept = new PatchEngine();
        var total = await Task.Run(() => (int)_targets.Run("LockStressConsistent")!);

        Assert.Equal(8 * 20_000, total);
        Assert.Null(dept.Engine.StopReason);
        Assert.True(dept.Reports.Count == 0, dept.Describe());
        // Between the two lock classes exactly the one order; the join's completion event also depends on both locks.
        Assert.Equal(
            ["Dept.Patches.Targets.LockStress._outer -> Dept.Patches.Targets.LockStress._inner"],
            dept.Edges().Where(static e => e.StartsWith("Dept.Patches.Targets.LockStress.", StringComparison.Ordinal)));
        Assert.InRange(dept.Engine.GetStats().EventContexts, 2L * 8 * 20_000, long.MaxValue); // thread patches add a few of their own
    }

    [Fact(Timeout = 120_000)]
    public async Task EightThreadsThroughTheSameLockSites_ThenOneInversion_OneReport()
    {
        using var dept = new PatchEngine();
        await Task.Run(() => _targets.Run("LockStressInverted"));

        Assert.Null(dept.Engine.StopReason);
        var report = Assert.Single(dept.Reports);
        Assert.Equal(DeptReportKind.Deadlock, report.Kind);
        Assert.Equal(
            ["Dept.Patches.Targets.LockStress._inner", "Dept.Patches.Targets.LockStress._outer"],
            report.Contexts.Select(static c => c.Start.ClassName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LockOrderConsistent_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal(3, _targets.Run("LockOrderConsistent"));

        Assert.Empty(dept.Reports);
        Assert.Contains("Dept.Patches.Targets.Account._sync -> Dept.Patches.Targets.Ledger._lock", dept.Edges());
    }

    [Fact]
    public void TwoLocksOnOneLine_AreTwoClassesByColumn_NoSelfDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, _targets.Run("LocksOnOneLine"));

        // Classed by the line alone, both call sites were Monitor.Enter@OneLine.cs:<line>: a false AA deadlock.
        Assert.True(dept.Reports.Count == 0, dept.Describe());
        var text = File.ReadAllLines(Path.Combine(RewrittenTargets.SourceDirectory, "OneLine.cs"));
        var line = Array.FindIndex(text, static l => l.Contains("lock (a) { lock (b)", StringComparison.Ordinal));
        var outer = $"Monitor.Enter@OneLine.cs:{line + 1}:{text[line].IndexOf("lock (a)", StringComparison.Ordinal) + 1}";
        var inner = $"Monitor.Enter@OneLine.cs:{line + 1}:{text[line].IndexOf("lock (b)", StringComparison.Ordinal) + 1}";
        Assert.Contains($"{outer} -> {inner}", dept.Edges());
        Assert.DoesNotContain(dept.Edges(), static e => e.Contains("OneLine.cs", StringComparison.Ordinal) && e.Split(" -> ") is [var from, var to] && from == to);
    }

    [Fact]
    public void TcsUnderLock_CompletedUnderSameLockClass_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(true, _targets.Run("TcsUnderLock"));

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Contains(report.Contexts, static c => c.Start.ClassName == "Dept.Patches.Targets.Account._sync");
        var waitLine = RewrittenTargets.LineOf("Account.cs", "confirmation.Wait(");
        Assert.Contains(report.Contexts, c => c.Wait.Location?.Line == waitLine);
        var setLine = RewrittenTargets.LineOf("Account.cs", "confirmation.SetResult(");
        Assert.Contains(report.Contexts, c => c.Event.Location?.Line == setLine);
    }

    [Fact]
    public void SyncOverAsyncUnderLock_ContinuationNeedsLockClass_ReportsDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(7, _targets.Run("SyncOverAsyncUnderLock"));
        dept.WaitForReports(1);

        Assert.True(dept.Reports.Count == 1, dept.Describe());
        var report = dept.Reports[0];
        Assert.Contains(report.Contexts, static c => c.Start.ClassName == "Dept.Patches.Targets.Cache._sync");
        var getResultLine = RewrittenTargets.LineOf("Cache.cs", "GetAwaiter().GetResult()");
        Assert.Contains(report.Contexts, c => c.Wait.Location?.Line == getResultLine);
    }

    [Fact]
    public void MethodGroupOfSet_RunsThroughThePatch_NoReport()
    {
        using var dept = new PatchEngine();

        Assert.Equal(true, _targets.Run("MethodGroupSet"));

        Assert.Empty(dept.Reports);
        Assert.True(dept.Waits >= 1, dept.Describe());
        Assert.True(dept.Events >= 1, dept.Describe());
    }

    [Fact]
    public void Tour_EveryPrimitiveRewritten_BehavesAsTheOriginal_NoCycle()
    {
        var expected = Dept.Patches.Targets.Tour.Run();
        using var dept = new PatchEngine();

        var actual = _targets.Load().GetType("Dept.Patches.Targets.Tour", throwOnError: true)!.GetMethod("Run")!.Invoke(null, null);

        Assert.Equal(expected, actual);
        Assert.Equal(13, expected);
        Assert.Empty(dept.Reports);
        Assert.True(dept.EventContexts > 0 && dept.Waits > 0, dept.Describe());
        Assert.Null(PatchFault.First);
    }

    [Fact]
    public void SignalAndWait_CountedAsUninstrumented()
    {
        using var dept = new PatchEngine();
        UninstrumentedCalls.Clear();

        Assert.Equal(true, _targets.Run("SignalAndWait"));

        var call = Assert.Single(UninstrumentedCalls.Snapshot());
        Assert.Equal("WaitHandle.SignalAndWait", call.Api);
        Assert.Equal($"Dept.Patches.Targets.Scenarios.SignalAndWait (Scenarios.cs:{RewrittenTargets.LineOf("Scenarios.cs", "WaitHandle.SignalAndWait(")})", call.Location);
        Assert.Equal(1, call.Count);
        UninstrumentedCalls.Clear();
    }
}
