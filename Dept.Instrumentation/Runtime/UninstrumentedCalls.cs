using System.Collections.Concurrent;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Blocking calls Dept sees but does not model (<c>SpinWait.SpinUntil</c>, <c>WaitHandle.SignalAndWait</c>,
/// <c>BlockingCollection.TakeFromAny</c>, ...), counted per call site as they run, so the run summary and the JSON
/// report say what ran unseen and how often (#10): a clean report is never mistaken for full coverage. The rewriter
/// calls <see cref="Count"/> before every call site of an API declared with <see cref="DeptUninstrumentedAttribute"/>.
/// </summary>
/// <remarks>Thread-safe; never throws. <see cref="Count"/> allocates only on a site's first run (its slot).</remarks>
public static class UninstrumentedCalls
{
    private static readonly object s_gate = new();
    private static readonly ConcurrentDictionary<string, long> s_named = new(StringComparer.Ordinal);
    private static Slot?[] s_slots = new Slot?[64];

    /// <summary>Counts one run of the uninstrumented call at <paramref name="site"/> (the rewriter inserts this call).</summary>
    /// <param name="site">The call site; its <see cref="DeptSite.Function"/> is the API (<c>SpinWait.SpinUntil</c>).</param>
    [DeptUninstrumentedCounter]
    public static void Count(DeptSite site)
    {
        try
        {
            if (site is null)
            {
                return;
            }

            var slots = Volatile.Read(ref s_slots);
            var slot = (uint)site.Id < (uint)slots.Length ? slots[site.Id] : null;
            Interlocked.Increment(ref (slot ?? Register(site)).Runs);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    /// <summary>Counts one call of an operation Dept does not model, by name (for patches that count a call themselves).</summary>
    /// <param name="function">The operation, e.g. <c>WaitHandle.SignalAndWait</c>.</param>
    /// <param name="site">The call site, when known.</param>
    /// <remarks>Thread-safe; never throws. Allocates a string per call: prefer <see cref="Count"/>.</remarks>
    public static void Record(string function, DeptSite? site)
    {
        try
        {
            DeptInstrumentedRun.EnsureStarted();
            s_named.AddOrUpdate(site is null ? function : $"{function}\t{Location(site)}", 1, static (_, n) => n + 1);
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    /// <summary>Gets what ran: API, location (<c>Member (File.cs:41)</c>, as the rewriter's manifest names it) and runs, sorted.</summary>
    public static IReadOnlyList<(string Api, string Location, long Count)> Snapshot()
    {
        var result = new List<(string Api, string Location, long Count)>();
        foreach (var slot in Volatile.Read(ref s_slots))
        {
            if (slot is { } s && Interlocked.Read(ref s.Runs) is var runs and > 0)
            {
                result.Add((s.Site.Function, Location(s.Site), runs));
            }
        }

        foreach (var (key, runs) in s_named)
        {
            var tab = key.IndexOf('\t', StringComparison.Ordinal);
            result.Add(tab < 0 ? (key, "(unknown)", runs) : (key[..tab], key[(tab + 1)..], runs));
        }

        return [.. result.OrderBy(static r => r.Api, StringComparer.Ordinal).ThenBy(static r => r.Location, StringComparer.Ordinal)];
    }

    /// <summary><c>Member (File.cs:41)</c>, the manifest's form, so counted and listed sites merge.</summary>
    internal static string Location(DeptSite site)
        => $"{site.Member} ({(site.File is null ? "?" : Path.GetFileName(site.File))}:{site.Line})";

    /// <summary>Forgets all counts (tests).</summary>
    internal static void Clear()
    {
        lock (s_gate)
        {
            foreach (var slot in s_slots)
            {
                if (slot is not null)
                {
                    Interlocked.Exchange(ref slot.Runs, 0);
                }
            }
        }

        s_named.Clear();
    }

    private static Slot Register(DeptSite site)
    {
        DeptInstrumentedRun.EnsureStarted();
        lock (s_gate)
        {
            var slots = s_slots;
            if ((uint)site.Id >= (uint)slots.Length)
            {
                var grown = new Slot?[Math.Max(slots.Length * 2, site.Id + 1)];
                Array.Copy(slots, grown, slots.Length);
                slots = grown;
            }

            var slot = slots[site.Id] ??= new Slot(site);
            Volatile.Write(ref s_slots, slots);
            return slot;
        }
    }

    private sealed class Slot(DeptSite site)
    {
        public readonly DeptSite Site = site;
        public long Runs;
    }
}
