using System.Globalization;
using System.Text;
using Dept.Viewer.Model;

namespace Dept.Viewer.Endpoint;

/// <summary>Prometheus text exposition format 0.0.4 for the engine counters.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// One <c># HELP</c>, <c># TYPE</c> and sample line per counter: <c>dept_&lt;name&gt;_total</c> for counters,
    /// <c>dept_&lt;name&gt;</c> for gauges (Prometheus naming conventions).
    /// </summary>
    public static string Render(IEnumerable<ViewStat> stats)
    {
        var b = new StringBuilder();
        foreach (var s in stats)
        {
            var name = MetricName(s);
            b.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(s.Description)).Append('\n');
            b.Append("# TYPE ").Append(name).Append(' ').Append(s.IsCounter ? "counter" : "gauge").Append('\n');
            b.Append(name).Append(' ').Append(s.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return b.ToString();
    }

    /// <summary>The Prometheus metric name of a counter.</summary>
    public static string MetricName(ViewStat s) => "dept_" + s.Name + (s.IsCounter ? "_total" : string.Empty);

    private static string EscapeHelp(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
