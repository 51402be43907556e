using System.Diagnostics.Metrics;
using Dept.Viewer.Sources;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// Publishes the engine counters through <see cref="System.Diagnostics.Metrics"/> under the meter <c>Dept</c>, so
/// <c>dotnet-counters monitor --counters Dept -p PID</c> shows the same numbers as <c>/metrics</c>.
/// </summary>
/// <remarks>The instrument set is fixed by the first snapshot (the engine's counter names do not change at run time).</remarks>
internal sealed class DeptMetrics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Dept";

    private readonly Meter _meter;

    public DeptMetrics(IDeptSource source)
    {
        _meter = new Meter(MeterName, typeof(DeptMetrics).Assembly.GetName().Version?.ToString());
        foreach (var stat in source.Snapshot().Stats)
        {
            var name = stat.Name;
            long Read() => source.Snapshot().Stats.FirstOrDefault(s => s.Name == name)?.Value ?? 0;
            var instrument = "dept." + name.Replace('_', '.');
            if (stat.IsCounter)
            {
                _meter.CreateObservableCounter(instrument, Read, unit: null, description: stat.Description);
            }
            else
            {
                _meter.CreateObservableGauge(instrument, Read, unit: null, description: stat.Description);
            }
        }
    }

    public void Dispose() => _meter.Dispose();
}
