using Dept.Core.Options;
using Dept.Core.Reports;
using Dept.Core.Tracking;
using DmaBuf.Locking;

namespace Dept.Demos.Tests.Support;

/// <summary>
/// Installs a private engine as the process-wide one for a test, and restores the previous one. Deferred work an
/// earlier test queued (irq_work items of fence arrays and chains) is drained first, so it never feeds this engine.
/// </summary>
internal sealed class EngineScope : IDisposable
{
    private readonly DeptEngine? _previous;
    private readonly CollectingReporter _reports = new();

    public EngineScope()
    {
        Assert.True(IrqWork.Sync(TimeSpan.FromSeconds(10)), "irq_work items of an earlier test did not finish within 10 s");
        var options = new DeptOptions();
        options.Reporters.Add(_reports);
        Engine = new DeptEngine(options);
        _previous = DeptRuntime.Current;
        DeptRuntime.Install(Engine);
    }

    public DeptEngine Engine { get; }

    public IReadOnlyList<DeptReport> Reports => _reports.Reports;

    public long Dependencies => Engine.GetStats().Dependencies;

    /// <summary>Gets the recorded dependencies as "event class -> wait class" names.</summary>
    public IReadOnlyList<string> DependencyNames
    {
        get
        {
            var document = Engine.CreateDocument();
            var names = document.Classes.ToDictionary(c => c.Id, c => c.Name);
            return document.Dependencies.Select(d => $"{names[d.From]} -> {names[d.To]}").Order(StringComparer.Ordinal).ToList();
        }
    }

    public void Dispose() => DeptRuntime.Install(_previous);
}
