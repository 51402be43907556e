using System.Text;
using Dept.Core.Reports;

namespace Dept.Instrumentation.Runtime;

/// <summary>Thrown by <see cref="DeptAssert"/> when cycles were recorded; the message is their DEPT-shaped reports.</summary>
public sealed class DeptCycleException : Exception
{
    /// <summary>Creates the exception for <paramref name="reports"/>.</summary>
    public DeptCycleException(IReadOnlyList<DeptReport> reports)
        : base(Render(reports))
    {
        Reports = reports;
    }

    /// <summary>Creates the exception with a message only (serialization and tooling).</summary>
    public DeptCycleException(string message)
        : base(message)
    {
        Reports = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DeptCycleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reports = [];
    }

    /// <summary>Creates an empty exception.</summary>
    public DeptCycleException()
        : this("Dept recorded a cycle.")
    {
    }

    /// <summary>Gets the reports.</summary>
    public IReadOnlyList<DeptReport> Reports { get; }

    private static string Render(IReadOnlyList<DeptReport> reports)
    {
        var sb = new StringBuilder();
        sb.Append("Dept recorded ").Append(reports.Count).Append(" cycle(s):\n");
        foreach (var report in reports)
        {
            sb.Append(TextReportRenderer.Render(report));
        }

        return sb.ToString();
    }
}
