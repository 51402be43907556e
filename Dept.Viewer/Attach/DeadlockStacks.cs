using System.Collections.Concurrent;
using Dept.Core.Live;

namespace Dept.Viewer.Attach;

/// <summary>
/// Adds the blocked threads' stacks to each actual deadlock, once per deadlock, the first time it is reported
/// (#6). Stacks of a deadlock do not change, so one snapshot serves the console, the viewer and the JSON file.
/// </summary>
internal sealed class DeadlockStacks(int processId, bool enabled, TextWriter error)
{
    private readonly ConcurrentDictionary<string, Lazy<ActualDeadlock>> _enriched = new(StringComparer.Ordinal);

    public ActualDeadlock Enrich(ActualDeadlock deadlock) =>
        _enriched.GetOrAdd(deadlock.Fingerprint, _ => new Lazy<ActualDeadlock>(() => Capture(deadlock))).Value;

    /// <summary>The snapshot with already-enriched deadlocks (never captures: that happens when they are reported).</summary>
    public LiveSnapshot Enrich(LiveSnapshot snapshot) => snapshot with
    {
        Deadlocks = [.. snapshot.Deadlocks.Select(d => _enriched.TryGetValue(d.Fingerprint, out var e) && e.IsValueCreated ? e.Value : d)],
    };

    private ActualDeadlock Capture(ActualDeadlock deadlock)
    {
        if (!enabled)
        {
            return deadlock;
        }

        var stacks = ClrMdStacks.Capture(processId, [.. deadlock.ThreadIds], out var warning);
        if (warning is not null)
        {
            lock (error)
            {
                error.WriteLine($"dept attach: warning: {warning}");
            }
        }

        return deadlock with
        {
            Waits = [.. deadlock.Waits.Select(w => !w.Waiter.IsTask && stacks.TryGetValue(w.Waiter.Id, out var s) ? w with { Stack = s } : w)],
        };
    }
}
