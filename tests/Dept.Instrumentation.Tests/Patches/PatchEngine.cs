using System.Runtime.CompilerServices;
using Dept.Core.Annotations;
using Dept.Core.Classes;
using Dept.Core.Options;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Tests.Patches;

/// <summary>
/// A private engine installed as the process-wide one for the duration of a test (the patches call the facades,
/// which use <see cref="DeptRuntime.Current"/>). Tests using it are in the <see cref="EngineCollection"/>, which
/// runs them one at a time.
/// </summary>
internal sealed class PatchEngine : IDisposable
{
    public PatchEngine(bool trackTimeouts = false)
    {
        Engine = new DeptEngine(new DeptOptions { CaptureStacks = false, TrackTimeoutWaits = trackTimeouts, Source = "patch tests" });
        DeptRuntime.Install(Engine);
    }

    public DeptEngine Engine { get; }

    public IReadOnlyList<DeptReport> Reports => Engine.Reports;

    public long Waits => Engine.GetStats().Waits;

    public long Events => Engine.GetStats().Events;

    public long EventContexts => Engine.GetStats().EventContexts;

    /// <summary>The dependencies as "from -> to" by class name; read classes get ".R", custom events keep their name.</summary>
    public HashSet<string> Edges()
    {
        var document = Engine.CreateDocument();
        var names = document.Classes.ToDictionary(static c => c.Id, static c => c.EventType == DeptEventType.Read ? c.Name + ".R" : c.Name);
        return [.. document.Dependencies.Select(d => $"{names[d.From]} -> {names[d.To]}")];
    }

    /// <summary>The dependencies that are marked as timeout waits, as in <see cref="Edges"/>.</summary>
    public HashSet<string> TimeoutEdges()
    {
        var document = Engine.CreateDocument();
        var names = document.Classes.ToDictionary(static c => c.Id, static c => c.EventType == DeptEventType.Read ? c.Name + ".R" : c.Name);
        return [.. document.Dependencies.Where(static d => d.Timeout).Select(d => $"{names[d.From]} -> {names[d.To]}")];
    }

    /// <summary>
    /// Waits (bounded) until <paramref name="count"/> reports exist: an async method's completion event fires from a
    /// continuation that may run just after the blocked waiter wakes, so the report can trail the wait by a moment.
    /// </summary>
    public void WaitForReports(int count)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (Reports.Count < count && Environment.TickCount64 < deadline)
        {
            Thread.Yield();
        }
    }

    public string Describe() => string.Join("; ", Edges().Order(StringComparer.Ordinal)) + " | reports: " + Reports.Count;

    /// <summary>
    /// A site as the rewriter emits it, at the caller's line, written as its listing shows it: <c>Monitor.Enter</c>, or
    /// <c>Monitor.Enter(Orders.Cache._sync)</c> when the receiver field is known (then <see cref="DeptSite.Receiver"/>).
    /// </summary>
    public static DeptSite Site(string function, [CallerMemberName] string member = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var open = function.IndexOf('(', StringComparison.Ordinal);
        return open > 0 && function.EndsWith(')')
            ? DeptSite.Create(function[..open], function[(open + 1)..^1], member, file, line, ilOffset: 0)
            : DeptSite.Create(function, receiver: null, member, file, line, ilOffset: 0);
    }

    public void Dispose()
    {
        if (ReferenceEquals(DeptRuntime.Current, Engine))
        {
            DeptRuntime.Install(null);
        }
    }
}

/// <summary>Tests that install a process-wide engine must not overlap.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineCollection
{
    public const string Name = "Dept process-wide engine";
}
