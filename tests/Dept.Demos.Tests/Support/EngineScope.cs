using Dept.Core.Options;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Demos.Tests.Support;

/// <summary>Installs a private engine as the process-wide one for a test, and restores the previous one.</summary>
internal sealed class EngineScope : IDisposable
{
    private readonly DeptEngine? _previous;
    private readonly CollectingReporter _reports = new();

    public EngineScope()
    {
        var options = new DeptOptions();
        options.Reporters.Add(_reports);
        Engine = new DeptEngine(options);
        _previous = DeptRuntime.Current;
        DeptRuntime.Install(Engine);
    }

    public DeptEngine Engine { get; }

    public IReadOnlyList<DeptReport> Reports => _reports.Reports;

    public long Dependencies => Engine.GetStats().Dependencies;

    public void Dispose() => DeptRuntime.Install(_previous);
}
