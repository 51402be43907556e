using Dept.Core.Reports;
using Dept.Core.Snapshots;

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
        var merged = DocumentUnion.Of(documents, documents[0].Source);
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
            Uninstrumented = DocumentUnion.Uninstrumented(documents),
            Source = documents[0].Source,
        };
    }

    private static string ClassesOf(DeptReport report) =>
        string.Join("\n", report.Contexts.Select(static c => c.Event.ClassName).Order(StringComparer.Ordinal));
}
