namespace Dept.Core.Reports;

/// <summary>Keeps reports in memory (tests and tools).</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class CollectingReporter : IDeptReporter
{
    private readonly List<DeptReport> _reports = new();

    /// <summary>Gets a copy of the reports received.</summary>
    public IReadOnlyList<DeptReport> Reports
    {
        get
        {
            lock (_reports)
            {
                return _reports.ToArray();
            }
        }
    }

    /// <inheritdoc/>
    public void Report(DeptReport report)
    {
        lock (_reports)
        {
            _reports.Add(report);
        }
    }
}
