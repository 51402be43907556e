using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dept.Core.Snapshots;
using Dept.Viewer.Tests.Support;
using Xunit.Abstractions;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// Repro 7 of the reliability review (#13): 50 concurrent clients asking a large report's whole-graph routes from a
/// real <c>dept view</c> process. Every request is answered (200) or refused at once (503); the process's peak memory
/// (VmHWM) and each request's latency are printed. Sized for CI by default (about 15 MB of report);
/// <c>DEPT_LOAD_REPORT_CLASSES=70000</c> makes the review's 200 MB report, and then the memory bound of the issue
/// (peak under 4x the report's size) is asserted too.
/// </summary>
public sealed partial class EndpointLoadTests(ITestOutputHelper output) : IDisposable
{
    private readonly Cli.CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task FiftyClientsOnWholeGraphRoutes_EveryRequestAnsweredOr503_MemoryBounded()
    {
        var classes = int.TryParse(Environment.GetEnvironmentVariable("DEPT_LOAD_REPORT_CLASSES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 5000;
        var report = _cli.Path("large.json");
        DeptDocumentJson.WriteFile(LargeReports.Create(classes, edgesPerClass: 2, cycles: classes / 100), report);
        var size = new FileInfo(report).Length;

        using var dept = DeptProcess.Start("view", report, "--no-browser", "--port", "0");
        await dept.WaitForOutputAsync("Press Ctrl+C to stop.");
        var url = new Uri(ServingUrl().Match(dept.Output).Groups[1].Value);
        using var client = EndpointClients.For(url, EndpointClients.PrintedToken(dept.Output), TimeSpan.FromMinutes(5));
        string[] paths = ["/api/graph", "/api/export/dot", "/api/export/graphml", "/api/export/dgml", "/api/export/json", "/proc/dept_deps", "/proc/dept_reports"];

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var path = paths[i % paths.Length];
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            var first = clock.Elapsed; // answered (or refused) once the headers arrive
            await response.Content.CopyToAsync(Stream.Null);
            return (Path: path, response.StatusCode, First: first, Whole: clock.Elapsed);
        }));

        var peak = PeakMemory(dept.Id);
        output.WriteLine($"report {size / (1 << 20)} MiB ({classes} classes); dept view peak memory (VmHWM) {peak / (1 << 20)} MiB = {peak / (double)size:0.00}x the report");
        output.WriteLine($"200: {results.Count(r => r.StatusCode == HttpStatusCode.OK)}, 503: {results.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable)}; " +
            $"slowest first byte {results.Max(r => r.First).TotalSeconds:0.00} s, slowest whole response {results.Max(r => r.Whole).TotalSeconds:0.00} s");
        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{r.Path}: {r.StatusCode}"));
        Assert.Contains(results, r => r.StatusCode == HttpStatusCode.OK);
        if (size >= 100L << 20)
        {
            Assert.InRange(peak, 0, 4 * size);
        }
    }

    // VmHWM: the process's peak resident set, in bytes.
    private static long PeakMemory(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    [GeneratedRegex(@"at (http://\S+)")]
    private static partial Regex ServingUrl();
}
