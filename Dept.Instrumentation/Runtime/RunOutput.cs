using Dept.Core.Snapshots;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>Writes what a run found: the JSON document, the summary text and, with fail-on-cycle, a failure marker.</summary>
internal static class RunOutput
{
    /// <summary>The JSON report's file name.</summary>
    public const string ReportFile = "dept-report.json";

    /// <summary>The summary's file name.</summary>
    public const string SummaryFile = "dept-summary.txt";

    /// <summary>The marker file written when fail-on-cycle is on and a cycle was found (MSBuild targets fail the run on it).</summary>
    public const string FailedFile = "dept-failed.txt";

    /// <summary>Writes the files and, when <paramref name="console"/> is given, the summary to it; returns the summary.</summary>
    public static string Write(DeptEngine engine, DeptRunSettings settings, TextWriter? console)
    {
        var document = engine.CreateDocument(Uninstrumented());
        var directory = ReportDirectory.Resolve(settings.ReportDirectory);
        Directory.CreateDirectory(directory);
        var reportPath = Path.Combine(directory, ReportFile);
        DeptDocumentJson.WriteFile(document, reportPath);

        var summary = RunSummary.Render(document, reportPath, settings.FailOnCycle);
        File.WriteAllText(Path.Combine(directory, SummaryFile), summary);

        var failedPath = Path.Combine(directory, FailedFile);
        if (settings.FailOnCycle && document.Reports.Count > 0)
        {
            File.WriteAllText(failedPath, $"{document.Reports.Count} cycle(s); see {reportPath}{Environment.NewLine}");
        }
        else if (File.Exists(failedPath))
        {
            File.Delete(failedPath);
        }

        console?.Write(summary);
        console?.Flush();
        return summary;
    }

    /// <summary>The uninstrumented calls counted so far, in the document's shape.</summary>
    public static IReadOnlyList<DeptUninstrumentedCall> Uninstrumented()
        => [.. UninstrumentedCalls.Snapshot().Select(static p => ToCall(p.Key, p.Value))];

    private static DeptUninstrumentedCall ToCall(string where, long count)
    {
        var at = where.IndexOf(" at ", StringComparison.Ordinal);
        return at < 0 ? new DeptUninstrumentedCall(where, "(unknown)", count) : new DeptUninstrumentedCall(where[..at], where[(at + 4)..], count);
    }
}
