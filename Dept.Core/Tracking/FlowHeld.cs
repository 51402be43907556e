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

    /// <summary>Returns the index of the newest entry for <paramref name="instance"/>, or -1.</summary>
    public int Find(object instance)
    {
        for (var i = Entries.Length - 1; i >= 0; i--)
        {
            if (ReferenceEquals(Entries[i].Instance, instance))
            {
                return i;
            }
        }

        return -1;
    }

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

    /// <summary>Returns the list without the entry at <paramref name="index"/>, or null when nothing is left.</summary>
    public FlowEntry[]? Without(int index)
    {
        if (Entries.Length == 1)
        {
            return null;
        }

        var next = new FlowEntry[Entries.Length - 1];
        Array.Copy(Entries, 0, next, 0, index);
        Array.Copy(Entries, index + 1, next, index, Entries.Length - index - 1);
        return next;
    }
}
