using System.Runtime.CompilerServices;
using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The class of a queue-like object (<c>BlockingCollection</c>, <c>Channel</c>) that is not reached through a field:
/// its creation site (<c>BlockingCollection.new@Jobs.cs:12</c>), remembered when rewritten code creates it, so every
/// wait on it shares one class however it is passed around (#10). A channel's reader and writer are linked to the
/// channel here too: the write a reader waits for is fired through the writer.
/// </summary>
/// <remarks>Thread-safe. One weak-table entry per object created by rewritten code (collected with it); lookups allocate nothing.</remarks>
internal static class CreationSites
{
    private static readonly ConditionalWeakTable<object, Entry> s_entries = new();
    private static readonly ConditionalWeakTable<DeptSite, DeptKey> s_siteKeys = new();
    private static readonly ConditionalWeakTable<DeptKey, DeptKey> s_spaceKeys = new();

    /// <summary>Remembers that <paramref name="instance"/> (and its <paramref name="parts"/>, e.g. a channel's reader and writer) was created at <paramref name="site"/>.</summary>
    public static void Remember(object instance, DeptSite? site, params ReadOnlySpan<object?> parts)
    {
        var entry = new Entry(instance, site is null ? null : s_siteKeys.GetValue(site, static s => DeptKey.ForCallSiteName($"{s.Function}@{s.ShortLocation ?? s.Member}{s.Qualifier}")));
        s_entries.AddOrUpdate(instance, entry);
        foreach (var part in parts)
        {
            if (part is not null)
            {
                s_entries.AddOrUpdate(part, entry);
            }
        }
    }

    /// <summary>The object whose waits and events <paramref name="instance"/> shares (a channel for its reader or writer; else itself).</summary>
    public static object Owner(object instance) => s_entries.TryGetValue(instance, out var entry) ? entry.Owner : instance;

    /// <summary>Whether <paramref name="instance"/> was created (or linked) by rewritten code.</summary>
    public static bool IsKnown(object instance) => s_entries.TryGetValue(instance, out _);

    /// <summary>The class of a wait on <paramref name="instance"/> at <paramref name="site"/>: the receiver field, else the creation site, else the wait site.</summary>
    public static DeptKey KeyFor(object instance, DeptSite? site)
    {
        var key = SiteKeys.For(site);
        return key.IsCallSite && s_entries.TryGetValue(instance, out var entry) && entry.Key is { } created ? created : key;
    }

    /// <summary>The class of a wait for room (a bounded queue's producer side): <c>&lt;class&gt; (space)</c>.</summary>
    public static DeptKey SpaceKeyFor(object instance, DeptSite? site)
        => s_spaceKeys.GetValue(KeyFor(instance, site), static k => k.IsCallSite ? DeptKey.ForCallSiteName(k.Name + " (space)") : DeptKey.Named(k.Name + " (space)"));

    private sealed record Entry(object Owner, DeptKey? Key);
}
