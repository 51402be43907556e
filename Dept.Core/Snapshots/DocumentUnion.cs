using Dept.Core.Options;
using Dept.Core.Tracking;

namespace Dept.Core.Snapshots;

/// <summary>
/// The union of several documents as DEPT sees it, shared by <c>dept merge</c> and a multi-process run's merged
/// report (#13): DEPT's graph is cumulative, so the union is what one fresh engine holds after importing the
/// documents in order, its cycle detection run on each new dependency exactly as in a single run. It is built by
/// <see cref="GraphUnion"/> without an engine (#12); <see cref="ThroughEngine"/> is the engine's import itself, kept
/// as the reference the agreement tests hold it to. What each caller does with the inputs' own reports differs (a CLI
/// merge carries what the graph cannot re-derive; a run keeps its processes' reports first) and stays with the caller.
/// </summary>
internal static class DocumentUnion
{
    /// <summary>The engine document of the union of <paramref name="documents"/>: every class and dependency, every cycle it closes.</summary>
    /// <param name="documents">The inputs, imported in this order.</param>
    /// <param name="source">The merged document's source.</param>
    /// <param name="importing">Called with each input's index before it is imported (progress).</param>
    /// <param name="time">The clock of the merged document's <c>createdAt</c> (tests); the system's by default.</param>
    public static DeptDocument Of(IReadOnlyList<DeptDocument> documents, string? source, Action<int>? importing = null, TimeProvider? time = null)
    {
        var union = new GraphUnion(time);
        for (var i = 0; i < documents.Count; i++)
        {
            importing?.Invoke(i);
            union.Add(documents[i]);
        }

        return union.ToDocument(source);
    }

    /// <summary>
    /// The same union through a fresh engine's <see cref="DeptEngine.Import"/>: the reference <see cref="Of"/> agrees
    /// with (tests), apart from the time stamps and statistics <see cref="GraphUnion"/> documents.
    /// </summary>
    /// <param name="documents">The inputs, imported in this order.</param>
    /// <param name="source">The merged document's source.</param>
    public static DeptDocument ThroughEngine(IReadOnlyList<DeptDocument> documents, string? source)
    {
        var engine = new DeptEngine(new DeptOptions
        {
            // Stacks come from the documents; the merging engine must not record its own.
            CaptureStacks = false,
            TrackTimeoutWaits = true,
            MaxClasses = Math.Max(65_536, documents.Sum(static d => d.Classes.Count) + 16),
            MaxDependencies = Math.Max(1 << 20, documents.Sum(static d => d.Dependencies.Count) + 16),
            Source = source,
        });
        foreach (var document in documents)
        {
            engine.Import(document);
        }

        return engine.CreateDocument();
    }

    /// <summary>
    /// The unmodelled calls of <paramref name="documents"/> (#10): one per API and location, runs summed, the reason
    /// kept (every document names the same one for a site), in a run's own order: those that ran most first, then by
    /// API and location, so a summary's first lines are the calls that ran.
    /// </summary>
    public static IReadOnlyList<DeptUninstrumentedCall> Uninstrumented(IEnumerable<DeptDocument> documents) =>
    [
        .. documents.SelectMany(static d => d.Uninstrumented)
            .GroupBy(static u => (u.Api, u.Location))
            .Select(static g => new DeptUninstrumentedCall(g.Key.Api, g.Key.Location, g.Sum(static u => u.Count))
            {
                Reason = g.Select(static u => u.Reason).FirstOrDefault(static r => r is not null),
            })
            .OrderByDescending(static u => u.Count)
            .ThenBy(static u => u.Api, StringComparer.Ordinal)
            .ThenBy(static u => u.Location, StringComparer.Ordinal),
    ];
}
