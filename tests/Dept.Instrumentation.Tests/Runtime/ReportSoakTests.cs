using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Instrumentation.Runtime;
using Dept.Instrumentation.Tests.Patches.Rewritten;
using Xunit.Abstractions;

namespace Dept.Instrumentation.Tests.Runtime;

/// <summary>
/// Seeded soak tests of the run reporting (#13): many threads taking locks in random orders (so cycles keep being
/// found) while the background writer is stopped and restarted and a reader keeps reading the report; and instrumented
/// processes killed with SIGKILL in the middle of their writes. Sized for CI (about 15 s each);
/// <c>DEPT_SOAK_SECONDS</c> and <c>DEPT_SOAK_KILLS</c> make them longer, <c>DEPT_SOAK_SEED</c> replays one.
/// </summary>
public sealed class ReportSoakTests(RewrittenTargets targets, ITestOutputHelper output) : IClassFixture<RewrittenTargets>
{
    private static readonly int s_seed = Setting("DEPT_SOAK_SEED", Environment.TickCount & 0xFFFF);

    [Fact]
    public void RandomLockOrders_WriterRestarts_ReaderAlwaysSeesAWholeReport_NothingLost()
    {
        var seconds = Setting("DEPT_SOAK_SECONDS", 10);
        output.WriteLine($"seed {s_seed} (DEPT_SOAK_SEED), {seconds} s (DEPT_SOAK_SECONDS)");
        var directory = Directory.CreateTempSubdirectory("dept-soak-").FullName;
        var settings = new DeptRunSettings { ReportDirectory = directory, FailOnCycle = true };
        var reporter = new RunReporter(settings);
        var options = new DeptOptions { CaptureStacks = false };
        options.Reporters.Add(reporter);
        var engine = new DeptEngine(options);
        reporter.Attach(engine);
        var failures = new ConcurrentQueue<Exception>();
        var reads = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            var workers = Enumerable.Range(0, 8).Select(t => Start(failures, () =>
            {
                var random = new Random(s_seed + t);
                var instances = Enumerable.Range(0, 24).Select(_ => new object()).ToArray();
                while (!stop.IsCancellationRequested)
                {
                    // 2-4 distinct lock classes in a random order, released in reverse: cycles between threads' orders.
                    var order = Enumerable.Range(0, 24).OrderBy(_ => random.Next()).Take(random.Next(2, 5)).ToArray();
                    foreach (var i in order)
                    {
                        engine.Acquire(DeptKey.Named("Soak.L" + i.ToString(CultureInfo.InvariantCulture)), instances[i]);
                    }

                    foreach (var i in order.Reverse())
                    {
                        engine.Release(instances[i]);
                    }
                }
            })).ToList();
            var chaos = Start(failures, () =>
            {
                var random = new Random(s_seed - 1);
                while (!stop.Token.WaitHandle.WaitOne(random.Next(5, 60)))
                {
                    reporter.Stop(); // the writer dies (in or between writes) and a new one takes over
                    reporter.Attach(engine);
                    reporter.RequestWrite();
                }
            });
            var reader = Start(failures, () =>
            {
                var report = Path.Combine(directory, RunOutput.ReportFile);
                while (!stop.IsCancellationRequested)
                {
                    if (File.Exists(report))
                    {
                        _ = DeptDocumentJson.ReadFile(report); // never half a file
                        Interlocked.Increment(ref reads);
                    }
                }
            });

            foreach (var thread in workers.Append(chaos).Append(reader))
            {
                Assert.True(thread.Join(TimeSpan.FromSeconds(seconds + 120)), "a soak thread hung");
            }

            reporter.Stop();
            RunOutput.Write(engine, settings, console: null);
            Assert.Empty(failures);
            var final = DeptDocumentJson.ReadFile(Path.Combine(directory, RunOutput.ReportFile));
            Assert.Equal(engine.Reports.Count, final.Reports.Count);
            Assert.NotEmpty(final.Reports);
            Assert.True(File.Exists(Path.Combine(directory, RunOutput.FailedFile)));
            Assert.Empty(Directory.GetFiles(directory, "*tmp*"));
            output.WriteLine($"{final.Reports.Count} cycles, {reads} whole reads");
        }
        finally
        {
            reporter.Stop();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void KilledDuringReportWrites_LeavesWholeReportsAndNoTemporaryFilesAfterTheNextRun()
    {
        var kills = Setting("DEPT_SOAK_KILLS", 6);
        var random = new Random(s_seed);
        output.WriteLine($"seed {s_seed} (DEPT_SOAK_SEED), {kills} kills (DEPT_SOAK_KILLS)");
        var reports = Path.Combine(targets.Root, "reports-kill-" + Guid.NewGuid().ToString("N")[..8]);
        for (var k = 0; k < kills; k++)
        {
            using var process = Start(reports, cycles: 100_000);
            // Kill it while it finds cycles and the writer rewrites its report: somewhere in 0.3-1.5 s.
            process.WaitForExit(random.Next(300, 1500));
            process.Kill();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));
            foreach (var file in Directory.Exists(reports) ? Directory.GetFiles(reports, "dept-report*.json") : [])
            {
                _ = DeptDocumentJson.ReadFile(file); // whole, whatever moment the kill hit
            }
        }

        using (var last = Start(reports, cycles: 5))
        {
            Assert.True(last.WaitForExit(TimeSpan.FromSeconds(120)));
            Assert.Equal(0, last.ExitCode);
        }

        Assert.Equal(5, DeptDocumentJson.ReadFile(Path.Combine(reports, RunOutput.ReportFile)).Reports.Count);
        Assert.Empty(Directory.GetFiles(reports, "*tmp*"));
        Assert.Single(Directory.GetFiles(reports, "dept-report.*.json"));
    }

    private Process Start(string reports, int cycles)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = false, UseShellExecute = false };
        start.ArgumentList.Add(targets.AppPath);
        start.ArgumentList.Add("ManyCycles");
        foreach (var name in start.Environment.Keys.Where(static k => k.StartsWith("DEPT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DEPT_REPORT_DIR"] = reports;
        start.Environment["DEPT_QUIET"] = "true";
        start.Environment["TARGET_CYCLES"] = cycles.ToString(CultureInfo.InvariantCulture);
        return Process.Start(start)!;
    }

    private static Thread Start(ConcurrentQueue<Exception> failures, Action body)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        }) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
