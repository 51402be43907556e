using Dept.Core.Reports;
using Dept.Core.Options;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The run's merged document: the union of its processes' documents, with cycles that only the union closes
/// found by importing them into one fresh engine (the method of <c>dept merge</c>).
/// </summary>
internal static class RunMerge
{
    public static DeptDocument Merge(IReadOnlyList<DeptDocument> documents)
    {
        // Processes that saw nothing (a test platform's controller process, a helper that took no lock) add nothing,
        // and importing a lone document would only re-derive its cycles: then the one that saw something is the run's.
        var observed = documents.Where(static d => d.Dependencies.Count > 0 || d.Reports.Count > 0).ToList();
        if (observed.Count <= 1)
        {
            return observed.Count == 1 ? observed[0] : documents[0];
        }

        documents = observed;

        var engine = new DeptEngine(new DeptOptions
        {
            CaptureStacks = false,
            TrackTimeoutWaits = true,
            MaxClasses = Math.Max(65_536, documents.Sum(static d => d.Classes.Count) + 16),
            MaxDependencies = Math.Max(1 << 20, documents.Sum(static d => d.Dependencies.Count) + 16),
            Source = documents[0].Source,
        });
        foreach (var document in documents)
        {
            engine.Import(document);
        }

        var merged = engine.CreateDocument();
        // The processes' own reports first, as they were found; a cycle the union re-derives is added only when no
        // process reported one through the same classes (an imported class may carry another sub id, so its
        // fingerprint can differ for the same cycle).
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new HashSet<string>(StringComparer.Ordinal);
        var reports = new List<DeptReport>();
        foreach (var report in documents.SelectMany(static d => d.Reports).Concat(merged.Reports))
        {
            if (fingerprints.Add(report.Fingerprint) && cycles.Add(ClassesOf(report)))
            {
                reports.Add(report);
            }
        }

        return merged with
        {
            Reports = reports,
            Uninstrumented = [.. documents.SelectMany(static d => d.Uninstrumented).GroupBy(static u => (u.Api, u.Location))
                .Select(static g => new DeptUninstrumentedCall(g.Key.Api, g.Key.Location, g.Sum(static u => u.Count))
                {
                    // Every process names the same reason for a site; the merge kept only the counts before (#10).
                    Reason = g.Select(static u => u.Reason).FirstOrDefault(static r => r is not null),
                })
                .OrderBy(static u => u.Api, StringComparer.Ordinal).ThenBy(static u => u.Location, StringComparer.Ordinal)],
            Source = documents[0].Source,
        };
    }

    private static string ClassesOf(DeptReport report) =>
        string.Join("\n", report.Contexts.Select(static c => c.Event.ClassName).Order(StringComparer.Ordinal));
}
