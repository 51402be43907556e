using Dept.Core.Diagnostics;
using Dept.Core.Reports;

namespace Dept.Core.Live;

/// <summary>
/// Sends live findings into the engine's reporters (#6): each actual deadlock becomes a
/// <see cref="DeptReportKind.ActualDeadlock"/> <see cref="DeptReport"/>; hangs, which are not cycles and have no
/// report kind, go to <see cref="DeptSelfLog"/> unless a hang callback is given.
/// </summary>
/// <param name="reporter">The engine reporter (console, JSON file, composite...).</param>
/// <param name="onHang">Where hangs go; <see langword="null"/> writes them to <see cref="DeptSelfLog"/>.</param>
public sealed class DeptReporterBridge(IDeptReporter reporter, Action<LiveHang>? onHang = null) : ILiveReporter
{
    private readonly IDeptReporter _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));

    /// <inheritdoc/>
    public void OnDeadlock(ActualDeadlock deadlock) => _reporter.Report(LiveDeptReports.ToReport(deadlock));

    /// <inheritdoc/>
    public void OnHang(LiveHang hang)
    {
        ArgumentNullException.ThrowIfNull(hang);
        if (hang.IsUnreachable)
        {
            // #11: not just a hang: its only signaller is deadlocked, so it is an unreachable event, reported as one.
            _reporter.Report(LiveDeptReports.ToUnreachableReport(hang));
        }

        if (onHang is not null)
        {
            onHang(hang);
        }
        else
        {
            DeptSelfLog.Write(LiveTextRenderer.Render(hang).TrimEnd());
        }
    }
}
