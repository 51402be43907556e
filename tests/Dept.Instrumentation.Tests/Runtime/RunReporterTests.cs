using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Runtime;

public sealed class RunReporterTests
{
    [Fact]
    public void CycleFound_ReportFilesAreWrittenAtOnce_NotOnlyAtExit()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dept-rr-" + Guid.NewGuid().ToString("N"));
        var settings = new DeptRunSettings { ReportDirectory = directory, FailOnCycle = true };
        var reporter = new RunReporter(settings);
        var options = new DeptOptions { CaptureStacks = false };
        options.Reporters.Add(reporter);
        var engine = new DeptEngine(options);
        reporter.Attach(engine);
        try
        {
            DeptKey a = DeptKey.Named("Rr.A._sync"), b = DeptKey.Named("Rr.B._sync");
            object x = new(), y = new();
            engine.Acquire(a, x);
            engine.Acquire(b, y);
            engine.Release(y);
            engine.Release(x);
            engine.Acquire(b, y);
            engine.Acquire(a, x);

            // Written by the background writer (#13), promptly: wait for it with a hang guard, not a sleep.
            Assert.True(SpinWait.SpinUntil(() => File.Exists(Path.Combine(directory, "dept-failed.txt")), TimeSpan.FromSeconds(60)));
            reporter.Stop();
            var document = DeptDocumentJson.ReadFile(Path.Combine(directory, "dept-report.json"));
            Assert.Single(document.Reports);
            Assert.Contains("  cycles:       1\n", File.ReadAllText(Path.Combine(directory, "dept-summary.txt")), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(directory, "dept-failed.txt")));
            Assert.Empty(Directory.EnumerateFiles(directory, "*.tmp"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AtExit_ACycleNotWrittenYet_ReachesTheFilesBeforeTheEndOfRunChecks()
    {
        // The race vstest's kill can win (#13): a cycle found in the last test, the host told to exit before the
        // background writer wrote it. The reporter here has no background writer at all, so nothing is written
        // before the exit sequence; what the end-of-run checks see on disk is what a kill during them would leave.
        var directory = Path.Combine(Path.GetTempPath(), "dept-rr-" + Guid.NewGuid().ToString("N"));
        var settings = new DeptRunSettings { ReportDirectory = directory, FailOnCycle = true };
        var reporter = new RunReporter(settings);
        var options = new DeptOptions { CaptureStacks = false };
        options.Reporters.Add(reporter);
        var engine = new DeptEngine(options);
        try
        {
            DeptKey a = DeptKey.Named("Rx.A._sync"), b = DeptKey.Named("Rx.B._sync");
            object x = new(), y = new();
            engine.Acquire(a, x);
            engine.Acquire(b, y);
            engine.Release(y);
            engine.Release(x);
            engine.Acquire(b, y);
            engine.Acquire(a, x);
            Assert.Single(engine.Reports);
            Assert.False(Directory.Exists(directory));

            int? reportsOnDisk = null;
            var markerOnDisk = false;
            RunExit.Finish(engine, settings, reporter, console: null, endOfRunChecks: () =>
            {
                reportsOnDisk = DeptDocumentJson.ReadFile(Path.Combine(directory, "dept-report.json")).Reports.Count;
                markerOnDisk = File.Exists(Path.Combine(directory, "dept-failed.txt"));
            });

            Assert.Equal(1, reportsOnDisk);
            Assert.True(markerOnDisk);
            Assert.Equal(1, RunOutput.WrittenReports(engine));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void CleanWrite_RemovesAStaleFailureMarker()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dept-rr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "dept-failed.txt"), "stale");
        try
        {
            var engine = new DeptEngine(new DeptOptions { CaptureStacks = false });

            RunOutput.Write(engine, new DeptRunSettings { ReportDirectory = directory, FailOnCycle = true }, console: null);

            Assert.False(File.Exists(Path.Combine(directory, "dept-failed.txt")));
            Assert.Empty(DeptDocumentJson.ReadFile(Path.Combine(directory, "dept-report.json")).Reports);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
