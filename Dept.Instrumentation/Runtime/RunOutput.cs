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

    /// <summary>
    /// The uninstrumented calls (#10): every call site of an API Dept does not model that the rewriter listed in the
    /// manifests of the loaded rewritten modules (<see cref="DeptUninstrumentedAttribute"/>), with how often it ran
    /// (<see cref="UninstrumentedCalls"/>; 0 when it did not run), plus calls counted by patches. Those that ran come
    /// first, most runs first.
    /// </summary>
    public static IReadOnlyList<DeptUninstrumentedCall> Uninstrumented()
    {
        var calls = new Dictionary<(string Api, string Location), (long Count, string? Reason)>();
        foreach (var c in DeptRewriteManifest.ReadLoaded().Where(static c => !c.Instrumented))
        {
            var key = (ApiName(c.Api), $"{c.Member} ({Path.GetFileName(c.File)}:{c.Line})");
            calls[key] = (0, string.IsNullOrEmpty(c.Reason) ? null : c.Reason);
        }

        foreach (var (api, location, count) in UninstrumentedCalls.Snapshot())
        {
            var reason = calls.TryGetValue((api, location), out var known) ? known.Reason : null;
            calls[(api, location)] = (known.Count + count, reason);
        }

        return
        [
            .. calls
                .OrderByDescending(static p => p.Value.Count)
                .ThenBy(static p => p.Key.Api, StringComparer.Ordinal)
                .ThenBy(static p => p.Key.Location, StringComparer.Ordinal)
                .Select(static p => new DeptUninstrumentedCall(p.Key.Api, p.Key.Location, p.Value.Count) { Reason = p.Value.Reason }),
        ];
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
        var name = System.Text.RegularExpressions.Regex.Replace(type[(lastDot + 1)..], "`[0-9]+", string.Empty);
        return $"{name.Replace('/', '.')}.{api[(split + 2)..]}";
    }
}
