using System.Collections.Concurrent;
using Dept.Core.Live;

namespace Dept.Viewer.Attach;

/// <summary>
/// Adds the blocked threads' stacks (with source lines), their names and the fields holding the locks to each actual
/// deadlock, once per deadlock, the first time it is reported (#6, #14). Stacks of a deadlock do not change, so one snapshot serves the console, the viewer and the JSON file.
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

        var objects = deadlock.Waits.Where(w => w.Kind == LiveWaitKind.Lock).Select(w => w.ObjectId).ToList();
        var details = ClrMdStacks.Capture(processId, [.. deadlock.ThreadIds], objects, out var warning);
        if (warning is not null)
        {
            lock (error)
            {
                error.WriteLine($"dept attach: warning: {warning}");
            }
        }

        return deadlock with
        {
            Waits = [.. deadlock.Waits.Select(w => w with
            {
                Stack = !w.Waiter.IsTask && details.Stacks.TryGetValue(w.Waiter.Id, out var s) ? s : w.Stack,
                WaiterName = !w.Waiter.IsTask && details.ThreadNames.TryGetValue(w.Waiter.Id, out var n) ? n : w.WaiterName,
                ObjectName = w.Kind == LiveWaitKind.Lock && details.ObjectOwners.TryGetValue(w.ObjectId, out var o) ? o : w.ObjectName,
            })],
        };
    }
}
