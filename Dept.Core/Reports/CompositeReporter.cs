using Dept.Core.Diagnostics;

namespace Dept.Core.Reports;

/// <summary>Sends each report to several reporters; one failing does not stop the others.</summary>
public sealed class CompositeReporter : IDeptReporter
{
    private readonly IDeptReporter[] _reporters;

    /// <summary>Creates the composite.</summary>
    public CompositeReporter(params IDeptReporter[] reporters)
    {
        ArgumentNullException.ThrowIfNull(reporters);
        _reporters = reporters.ToArray();
    }

    /// <inheritdoc/>
    public void Report(DeptReport report)
    {
        foreach (var r in _reporters)
        {
            try
            {
                r.Report(report);
            }
            catch (Exception ex)
            {
                DeptSelfLog.Write($"reporter {r.GetType().Name} failed: {ex.Message}");
            }
        }
    }
}
