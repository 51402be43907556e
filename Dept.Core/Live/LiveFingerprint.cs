using System.Globalization;

namespace Dept.Core.Live;

/// <summary>Identity of a cycle independent of where detection entered it (so it is reported once).</summary>
internal static class LiveFingerprint
{
    public static string Of(IReadOnlyList<LiveWait> cycle)
    {
        if (cycle.Count == 0)
        {
            return string.Empty;
        }

        var start = 0;
        for (var i = 1; i < cycle.Count; i++)
        {
            if (Compare(cycle[i].Waiter, cycle[start].Waiter) < 0)
            {
                start = i;
            }
        }

        var parts = new string[cycle.Count];
        for (var i = 0; i < cycle.Count; i++)
        {
            var wait = cycle[(start + i) % cycle.Count];
            parts[i] = string.Create(CultureInfo.InvariantCulture, $"{wait.Waiter}/{wait.Kind}/{wait.LockId:x}/{wait.Since.UtcTicks}");
        }

        return string.Join(" -> ", parts);
    }

    private static int Compare(LiveNode a, LiveNode b) => a.IsTask != b.IsTask ? a.IsTask.CompareTo(b.IsTask) : a.Id.CompareTo(b.Id);
}
