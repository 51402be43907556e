using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

public sealed class ProcRoutesTests(EndpointFixture fixture) : IClassFixture<EndpointFixture>
{
    [Fact]
    public async Task DeptDeps_IsExactlyTheEngineDump()
    {
        var text = await fixture.Client.GetStringAsync("/proc/dept_deps");
        Assert.Equal(ProcFormat.DeptDeps(fixture.Engine.CreateDocument()), text);
        Assert.StartsWith("All classes:\n\n", text, StringComparison.Ordinal);
        Assert.Contains($"] {EngineGraphs.Orders}:0\n -> [", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeptStats_IsTheEngineDumpFormat_WithTheReportCount()
    {
        var response = await fixture.Client.GetAsync("/proc/dept_stats");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("Accumulated amount of memory used by pools:\n\ndep\t", text, StringComparison.Ordinal);
        Assert.Contains("\nreports\t3\n", text, StringComparison.Ordinal);
        Assert.Contains("\nclasses\t7\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeptReports_HasEveryReportRenderedByTheEngine()
    {
        var text = await fixture.Client.GetStringAsync("/proc/dept_reports");
        foreach (var report in fixture.Engine.Reports)
        {
            Assert.Contains(TextReportRenderer.Render(report), text, StringComparison.Ordinal);
        }

        Assert.Equal(2, text.Split("*** DEADLOCK ***").Length - 1);
        Assert.Contains("*** CHECK IF THE TIMEOUT IS INTENDED ***", text, StringComparison.Ordinal);
    }
}
