using Dept.Core.Files;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Rewriting;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Writes what a run found (#13, docs/reference/report-directory.md): this process's <c>dept-report.&lt;pid&gt;.json</c>
/// and <c>dept-summary.&lt;pid&gt;.txt</c>, the run's merged <c>dept-report.json</c> and <c>dept-summary.txt</c> (the union
/// of the run's processes, <see cref="RunMembers"/>), and with fail-on-cycle a failure marker. Every file goes through
/// Dept's one output path (<see cref="OutputFile"/>): replaced whole, never a symbolic link or device.
/// </summary>
internal static class RunOutput
{
    /// <summary>The run's merged JSON report's file name.</summary>
    public const string ReportFile = "dept-report.json";

    /// <summary>The run's merged summary's file name.</summary>
    public const string SummaryFile = "dept-summary.txt";

    /// <summary>The marker file written when fail-on-cycle is on and a cycle was found (MSBuild targets fail the run on it).</summary>
    public const string FailedFile = "dept-failed.txt";

    private static readonly object s_gate = new();
    private static readonly HashSet<string> s_joined = new(StringComparer.Ordinal);
    private static string? s_lastWarning;
    private static DeptEngine? s_writtenEngine;
    private static int s_writtenReports;

    /// <summary>How many of <paramref name="engine"/>'s reports the files held after its last complete write (0 before any).</summary>
    public static int WrittenReports(DeptEngine engine)
    {
        lock (s_gate)
        {
            return ReferenceEquals(s_writtenEngine, engine) ? s_writtenReports : 0;
        }
    }

    /// <summary>
    /// Writes the files and, when <paramref name="console"/> is given, the summary to it (also when the files cannot
    /// be written); returns the summary.
    /// </summary>
    /// <exception cref="IOException">A file could not be written (the summary was printed all the same).</exception>
    /// <remarks>Thread-safe: writers are serialized in the process, and across processes by the directory's lock.</remarks>
    public static string Write(DeptEngine engine, DeptRunSettings settings, TextWriter? console)
    {
        lock (s_gate)
        {
            var document = engine.CreateDocument(Uninstrumented());
            var directory = ReportDirectory.Resolve(settings.ReportDirectory);
            var reportPath = Path.Combine(directory, ReportFile);
            var summary = RunSummary.Render(document, reportPath, settings.FailOnCycle);
            try
            {
                WriteFiles(directory, document, summary, settings);
                (s_writtenEngine, s_writtenReports) = (engine, document.Reports.Count);
            }
            finally
            {
                console?.Write(summary);
                console?.Flush();
            }

            return summary;
        }
    }

    /// <summary>
    /// <see cref="Write"/> without a console, for the background writer: a failure is printed once per distinct
    /// message on stderr and never thrown (the run goes on, and the exit handler tries again).
    /// </summary>
    public static bool TryWrite(DeptEngine engine, DeptRunSettings settings)
    {
        try
        {
            Write(engine, settings, console: null);
            return true;
        }
        catch (Exception ex)
        {
            Warn($"dept: cannot write the run report in {ReportDirectory.Resolve(settings.ReportDirectory)}: {ex.Message}; tracking goes on and the summary is printed at exit");
            return false;
        }
    }

    /// <summary>Prints <paramref name="message"/> on stderr unless it was the last one printed.</summary>
    internal static void Warn(string message)
    {
        lock (s_gate)
        {
            if (message == s_lastWarning)
            {
                return;
            }

            s_lastWarning = message;
        }

        Console.Error.WriteLine(message);
    }

    // Caller holds s_gate.
    private static void WriteFiles(string directory, DeptDocument document, string summary, DeptRunSettings settings)
    {
        Directory.CreateDirectory(directory);
        var pid = Environment.ProcessId;
        using var directoryLock = RunMembers.Lock(directory);
        if (s_joined.Add(directory))
        {
            RunMembers.Join(directory, pid, Environment.GetEnvironmentVariable(RunMembers.RunIdVariable)?.Trim() is { Length: > 0 } id ? id : null);
        }

        // Not flushed to disk (OutputFile's durable: false): renamed whole, they survive a killed process all the
        // same, and five disk flushes per write were most of what a test host's last 100 ms could not afford.
        DeptDocumentJson.WriteFile(document, Path.Combine(directory, RunMembers.ReportOf(pid)), durable: false);
        WriteText(Path.Combine(directory, RunMembers.SummaryOf(pid)), summary);
        var merged = RunMerge.Merge(Documents(directory, pid, document));
        var reportPath = Path.Combine(directory, ReportFile);
        DeptDocumentJson.WriteFile(merged, reportPath, durable: false);
        WriteText(Path.Combine(directory, SummaryFile), ReferenceEquals(merged, document) ? summary : RunSummary.Render(merged, reportPath, settings.FailOnCycle));

        // Last, so the summary MSBuild prints beside the failure is at least as current as the marker.
        var failing = document.Reports.Count(RunSummary.Fails); // never-fired warnings alone do not fail a run
        if (settings.FailOnCycle && failing > 0)
        {
            // Never removed during the run: another process of it may have failed too (a new run removes it).
            WriteText(Path.Combine(directory, FailedFile), $"{failing} cycle(s) or unreachable event(s) in process {pid}; see {reportPath}{Environment.NewLine}");
        }
    }

    // The run's documents: this process's in memory, the others' from their files (a process that has not written yet,
    // or whose file is unreadable, is left out of this merge and counted in the next).
    private static List<DeptDocument> Documents(string directory, int pid, DeptDocument own)
    {
        var documents = new List<DeptDocument> { own };
        foreach (var member in RunMembers.Members(directory))
        {
            if (member == pid)
            {
                continue;
            }

            var path = Path.Combine(directory, RunMembers.ReportOf(member));
            try
            {
                if (File.Exists(path))
                {
                    documents.Add(DeptDocumentJson.ReadFile(path));
                }
            }
            catch (DeptDocumentException ex)
            {
                Warn($"dept: leaving {path} out of the merged report: {ex.Message}");
            }
        }

        return documents;
    }

    private static void WriteText(string path, string text) => OutputFile.Write(
        path,
        s =>
        {
            using var w = new StreamWriter(s, leaveOpen: true);
            w.Write(text);
        },
        durable: false);

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
