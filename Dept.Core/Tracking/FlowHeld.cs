namespace Dept.Core.Tracking;

/// <summary>
/// The async locks one logical flow holds, oldest first. Immutable: acquiring or releasing installs a new list in
/// the flow's <see cref="ExecutionContext"/> (an <see cref="AsyncLocal{T}"/>), so a list captured by an
/// <c>await</c>, a child async method or any other copy of the context never changes under it.
/// </summary>
internal sealed class FlowHeld
{
    public FlowHeld(DeptEngine engine, FlowEntry[] entries)
    {
        Engine = engine;
        Entries = entries;
    }

    /// <summary>The engine whose classes the entries name.</summary>
    public DeptEngine Engine { get; }

    public FlowEntry[] Entries { get; }

    /// <summary>
    /// Returns the index of the newest entry for <paramref name="instance"/> (the lock, or the key its acquire task
    /// returned) that still holds (a cancelled acquire
    /// does not), else of the newest one at all, or -1.
    /// </summary>
    public int Find(object instance)
    {
        var any = -1;
        for (var i = Entries.Length - 1; i >= 0; i--)
        {
            if (ReferenceEquals(Entries[i].Instance, instance) || IsKeyOf(Entries[i], instance))
            {
                if (Entries[i].Holds)
                {
                    return i;
                }

                any = any < 0 ? i : any;
            }
        }

        return any;
    }

    // Lock libraries hand out a key object from the acquire's task (using (await m.LockAsync())); releasing the key
    // releases the entry whose acquire returned it.
    private static bool IsKeyOf(FlowEntry entry, object key)
        => entry.Acquired is Task<IDisposable> { IsCompletedSuccessfully: true } acquire && ReferenceEquals(acquire.Result, key);

    /// <summary>Returns the list with <paramref name="entry"/> added (null entries of failed timed acquires are pruned).</summary>
    public static FlowEntry[] With(FlowHeld? held, FlowEntry entry)
    {
        if (held is null)
        {
            return [entry];
        }

        var kept = held.Entries.Where(static e => e.Holds).ToList();
        kept.Add(entry);
        return [.. kept];
    }

    /// <summary>Returns the list without the entry at <paramref name="index"/> and entries that no longer hold, or null when nothing is left.</summary>
    public FlowEntry[]? Without(int index)
    {
        var next = new List<FlowEntry>(Entries.Length - 1);
        for (var i = 0; i < Entries.Length; i++)
        {
            if (i != index && Entries[i].Holds)
            {
                next.Add(Entries[i]);
            }
        }

        return next.Count == 0 ? null : [.. next];
    }
}
