using Dept.Core.Live;
using Dept.Core.Reports;

namespace Dept.Viewer.Attach;

/// <summary>Prints findings as they are confirmed: deadlocks in DEPT's report shape (with stacks when they could be
/// read), hangs one line each (#6).</summary>
internal sealed class ConsoleLiveReporter(TextWriter output, DeadlockStacks stacks) : ILiveReporter
{
    private readonly Lock _write = new();

    public void OnDeadlock(ActualDeadlock deadlock)
    {
        var text = TextReportRenderer.Render(LiveDeptReports.ToReport(stacks.Enrich(deadlock)));
        lock (_write)
        {
            output.Write(text);
            output.Flush();
        }
    }

    public void OnHang(LiveHang hang)
    {
        var text = LiveTextRenderer.Render(hang);
        lock (_write)
        {
            output.Write(text);
            output.Flush();
        }
    }
}
