using System.Collections.Concurrent;
using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Calls Dept sees but cannot follow (e.g. <c>WaitHandle.SignalAndWait</c>: a signal and a wait fused in the
/// kernel), counted per call site and listed in the run summary so a clean report is never mistaken for full
/// coverage. The rewriter routes such calls here through ordinary patches (<c>Patches/Threading/UninstrumentedPatches</c>).
/// </summary>
public static class UninstrumentedCalls
{
    private static readonly ConcurrentDictionary<string, long> s_counts = new(StringComparer.Ordinal);

    /// <summary>Counts one call of an operation Dept does not model, at <paramref name="site"/>.</summary>
    /// <param name="function">The operation, e.g. <c>WaitHandle.SignalAndWait</c>.</param>
    /// <param name="site">The call site, when known.</param>
    /// <remarks>Thread-safe; never throws.</remarks>
    public static void Record(string function, DeptSite? site)
    {
        try
        {
            DeptInstrumentedRun.EnsureStarted();
            var where = site is null || string.IsNullOrEmpty(site.File)
                ? function
                : $"{function} at {Path.GetFileName(site.File)}:{site.Line}";
            s_counts.AddOrUpdate(where, 1, static (_, n) => n + 1);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    /// <summary>Gets a snapshot of the counts, by site description, sorted.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Snapshot()
        => [.. s_counts.OrderBy(static p => p.Key, StringComparer.Ordinal)];

    /// <summary>Forgets all counts (tests).</summary>
    internal static void Clear() => s_counts.Clear();
}
