using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Viewer.Merge;

/// <summary>What <see cref="ReportMerger.Merge"/> found.</summary>
/// <param name="Merged">The union document: every class and dependency, every cycle of the union.</param>
/// <param name="UnionOnly">Cycles whose fingerprint appears in no input: only the union closes them.</param>
internal sealed record MergeResult(DeptDocument Merged, IReadOnlyList<DeptReport> UnionOnly);

/// <summary>
/// <c>dept merge</c> (#5): DEPT's graph is cumulative, so runs or test shards that each saw half of a cycle are
/// imported into one fresh engine (<see cref="DocumentUnion"/>, shared with a multi-process run's merged report),
/// whose cycle detection then runs on the union exactly as in a single run.
/// </summary>
internal static class ReportMerger
{
    public static MergeResult Merge(IReadOnlyList<(string Name, DeptDocument Document)> inputs, Action<int, string>? progress = null)
    {
        var merged = DocumentUnion.Of(
            [.. inputs.Select(static i => i.Document)],
            $"dept merge of {string.Join(", ", inputs.Select(i => i.Name))}",
            i => progress?.Invoke(i, inputs[i].Name));
        var seen = merged.Reports.Select(r => r.Fingerprint).ToHashSet(StringComparer.Ordinal);
        // Reports the graph cannot re-derive (actual deadlocks seen by attach) are carried over as they were.
        var carried = inputs.SelectMany(i => i.Document.Reports).Where(r => seen.Add(r.Fingerprint)).ToList();
        var inputFingerprints = inputs.SelectMany(i => i.Document.Reports).Select(r => r.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var unionOnly = merged.Reports.Where(r => !inputFingerprints.Contains(r.Fingerprint)).ToList();
        var uninstrumented = DocumentUnion.Uninstrumented(inputs.Select(static i => i.Document));
        var mode = inputs.Any(i => i.Document.Mode == DeptDocumentMode.Actual) && inputs.All(i => i.Document.Mode == DeptDocumentMode.Actual)
            ? DeptDocumentMode.Actual
            : DeptDocumentMode.Potential;
        return new MergeResult(merged with
        {
            Reports = [.. merged.Reports, .. carried],
            Hangs = [.. inputs.SelectMany(i => i.Document.Hangs)],
            Uninstrumented = uninstrumented,
            Mode = mode,
        }, unionOnly);
    }
}
