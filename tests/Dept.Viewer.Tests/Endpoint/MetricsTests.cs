using System.Diagnostics.Metrics;
using System.Globalization;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

public sealed class MetricsTests(EndpointFixture fixture) : IClassFixture<EndpointFixture>
{
    [Fact]
    public async Task Metrics_IsPrometheusTextWithHelpTypeAndSamples()
    {
        using var response = await fixture.Client.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var samples = new Dictionary<string, long>();
        var types = new Dictionary<string, string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
            else if (!line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                // Exposition format: metric name [a-zA-Z_:][a-zA-Z0-9_:]*, a space, the value.
                var parts = line.Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", parts[0]);
                samples[parts[0]] = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        Assert.Equal(3, samples["dept_reports_total"]);
        Assert.Equal("counter", types["dept_reports_total"]);
        Assert.Equal(7, samples["dept_classes"]);
        Assert.Equal("gauge", types["dept_classes"]);
        Assert.True(samples["dept_waits_total"] > 0);
        Assert.All(samples.Keys, name => Assert.True(types.ContainsKey(name), $"{name} has no # TYPE line"));
    }

    [Fact]
    public void DeptMeter_PublishesTheSameCounters()
    {
        var seen = new Dictionary<string, List<long>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DeptMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (seen)
            {
                (seen.TryGetValue(instrument.Name, out var list) ? list : seen[instrument.Name] = []).Add(value);
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();

        // Other test classes may run endpoints (and so "Dept" meters) in parallel; ours reports exactly 3 and 7.
        Assert.Contains(3L, seen["dept.reports"]);
        Assert.Contains(7L, seen["dept.classes"]);
        Assert.Contains("dept.event.contexts", seen.Keys);
    }
}
