using System.Text;
using Dept.Core.Reports;

namespace Dept.Viewer.Sources;

/// <summary><c>/proc/dept_reports</c>: every report in the engine's text rendering, oldest first, blank-line separated.</summary>
internal static class ProcReportsText
{
    public static string Of(IReadOnlyList<DeptReport> reports)
    {
        if (reports.Count == 0)
        {
            return "No circular dependency has been detected.\n";
        }

        var b = new StringBuilder();
        foreach (var r in reports)
        {
            b.Append(TextReportRenderer.Render(r)).Append('\n');
        }

        return b.ToString();
    }
}
