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
        if (documents.Count == 1)
        {
            return documents[0];
        }

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
        var seen = merged.Reports.Select(static r => r.Fingerprint).ToHashSet(StringComparer.Ordinal);
        return merged with
        {
            // Reports the graph cannot re-derive (e.g. from classes beyond a cap) are carried over as they were.
            Reports = [.. merged.Reports, .. documents.SelectMany(static d => d.Reports).Where(r => seen.Add(r.Fingerprint))],
            Uninstrumented = [.. documents.SelectMany(static d => d.Uninstrumented).GroupBy(static u => (u.Api, u.Location))
                .Select(static g => new DeptUninstrumentedCall(g.Key.Api, g.Key.Location, g.Sum(static u => u.Count)))],
            Source = documents[0].Source,
        };
    }
}
