using Dept.Core.Live;
using Dept.Core.Reports;

namespace Dept.Viewer.Attach;

/// <summary>Prints findings as they are confirmed: deadlocks in DEPT's report shape, hangs one line each (#6).</summary>
internal sealed class ConsoleLiveReporter(TextWriter output) : ILiveReporter
{
    private readonly Lock _write = new();

    public void OnDeadlock(ActualDeadlock deadlock)
    {
        var text = TextReportRenderer.Render(LiveDeptReports.ToReport(deadlock));
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
