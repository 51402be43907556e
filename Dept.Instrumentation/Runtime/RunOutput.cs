using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Rewriting;

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

    private static readonly object s_gate = new();

    /// <summary>Writes the files and, when <paramref name="console"/> is given, the summary to it; returns the summary.</summary>
    /// <remarks>Thread-safe: writers are serialized, and each file is replaced whole (written beside, then moved).</remarks>
    public static string Write(DeptEngine engine, DeptRunSettings settings, TextWriter? console)
    {
        lock (s_gate)
        {
            return WriteLocked(engine, settings, console);
        }
    }

    private static string WriteLocked(DeptEngine engine, DeptRunSettings settings, TextWriter? console)
    {
        var document = engine.CreateDocument(Uninstrumented());
        var directory = ReportDirectory.Resolve(settings.ReportDirectory);
        Directory.CreateDirectory(directory);
        var reportPath = Path.Combine(directory, ReportFile);
        var temporary = reportPath + ".tmp";
        DeptDocumentJson.WriteFile(document, temporary);
        File.Move(temporary, reportPath, overwrite: true);

        var summary = RunSummary.Render(document, reportPath, settings.FailOnCycle);
        var summaryPath = Path.Combine(directory, SummaryFile);
        File.WriteAllText(summaryPath + ".tmp", summary);
        File.Move(summaryPath + ".tmp", summaryPath, overwrite: true);

        var failedPath = Path.Combine(directory, FailedFile);
        var failing = document.Reports.Count(RunSummary.Fails);
        if (settings.FailOnCycle && failing > 0)
        {
            File.WriteAllText(failedPath, $"{failing} cycle(s) or unreachable event(s); see {reportPath}{Environment.NewLine}");
        }
        else if (File.Exists(failedPath))
        {
            File.Delete(failedPath);
        }

        console?.Write(summary);
        console?.Flush();
        return summary;
    }

    /// <summary>
    /// The uninstrumented calls: those counted at run time by patches (with their counts) and those the rewriter
    /// listed in the manifests of the loaded rewritten modules (<see cref="DeptUninstrumentedAttribute"/>; count 0
    /// when only the call site is known).
    /// </summary>
    public static IReadOnlyList<DeptUninstrumentedCall> Uninstrumented()
    {
        var counted = UninstrumentedCalls.Snapshot().Select(static p => ToCall(p.Key, p.Value)).ToList();
        var listed = DeptRewriteManifest.ReadLoaded()
            .Where(static c => !c.Instrumented)
            .Select(static c => new DeptUninstrumentedCall(ApiName(c.Api), $"{c.Member} ({Path.GetFileName(c.File)}:{c.Line})", 0))
            .Where(c => !counted.Exists(k => k.Api == c.Api && c.Location.EndsWith($"({k.Location})", StringComparison.Ordinal)));
        return [.. counted.Concat(listed).Distinct()];
    }

    /// <summary>The rewriter's <c>System.Threading.WaitHandle::SignalAndWait</c> as the summary's <c>WaitHandle.SignalAndWait</c>.</summary>
    internal static string ApiName(string api)
    {
        var split = api.IndexOf("::", StringComparison.Ordinal);
        if (split < 0)
        {
            return api;
        }

        var type = api[..split];
        var lastDot = type.LastIndexOf('.');
        return $"{type[(lastDot + 1)..].Replace('/', '.')}.{api[(split + 2)..]}";
    }

    private static DeptUninstrumentedCall ToCall(string where, long count)
    {
        var at = where.IndexOf(" at ", StringComparison.Ordinal);
        return at < 0 ? new DeptUninstrumentedCall(where, "(unknown)", count) : new DeptUninstrumentedCall(where[..at], where[(at + 4)..], count);
    }
}
