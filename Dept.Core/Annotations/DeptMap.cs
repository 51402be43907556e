namespace Dept.Core.Annotations;

/// <summary>
/// The per-instance handle that binds a wait/event object to its class (DEPT's <c>struct dept_map</c>). It also
/// holds the pending event requests: the implicit event context of the next <see cref="DeptSdt.Event(DeptMap, DeptSite?)"/> starts at
/// the earliest request still pending.
/// </summary>
/// <remarks>Thread-safe. Embed one per primitive instance; never create one per operation.</remarks>
public sealed class DeptMap
{
    // Pending requests, replaced as a whole (copy-on-write) so Event can take them with one exchange.
    internal PendingRequest[]? Pending;

    // 1 once this instance's event happened (seen by Event, or declared with MarkFired): a later wait on it is answered,
    // so the never-fired check does not list its class.
    internal int EverFired;

    /// <summary>Creates a map.</summary>
    /// <param name="key">The class key.</param>
    /// <param name="name">A readable instance name for messages; defaults to the key's name.</param>
    /// <param name="subclass">The user subclass, 0 to <see cref="DeptKey.MaxUserSubclasses"/> - 1.</param>
    /// <param name="firesOnce">
    /// Whether this instance's event can happen at most once (a fence's signal, a task's completion): then a wait after
    /// it happened makes no request, because no later event of this instance could answer one (see <see cref="FiresOnce"/>).
    /// </param>
    public DeptMap(DeptKey key, string? name = null, int subclass = 0, bool firesOnce = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(subclass);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subclass, DeptKey.MaxUserSubclasses);
        Key = key;
        Name = name ?? key.Name;
        Subclass = subclass;
        FiresOnce = firesOnce;
    }

    private DeptMap(string name)
    {
        Key = new DeptKey(name);
        Name = name;
        IsNoCheck = true;
    }

    /// <summary>Gets the class key.</summary>
    public DeptKey Key { get; }

    /// <summary>Gets the readable instance name.</summary>
    public string Name { get; }

    /// <summary>Gets the user subclass.</summary>
    public int Subclass { get; }

    /// <summary>
    /// Gets whether this instance's event happens at most once. A wait on such a map after its event (seen by
    /// <see cref="DeptSdt.Event(DeptMap, DeptSite?)"/> or declared with <see cref="MarkFired"/>) is still a wait for the
    /// wait rule (the event contexts it runs in depend on the class), but it requests nothing: a request would open an
    /// event window no event of this instance can close, and it would cost the one write that threads share on the
    /// event path (the wait generation). Leave it <see langword="false"/> for anything that can fire again (a
    /// semaphore, a resettable event, a wait queue).
    /// </summary>
    public bool FiresOnce { get; }

    /// <summary>Gets whether waits and events on this map are ignored (DEPT's <c>nocheck</c>).</summary>
    public bool IsNoCheck { get; }

    /// <summary>
    /// Declares that this instance's event already happened although no tracked <see cref="DeptSdt.Event(DeptMap, DeptSite?)"/> saw it
    /// (e.g. it fired before anyone waited through Dept, so no map existed yet). A wait recorded on it afterwards is
    /// then known to be answered, and its class is not listed by the never-fired check.
    /// </summary>
    public void MarkFired() => Volatile.Write(ref EverFired, 1);

    /// <summary>Creates a map whose waits and events are never tracked (an opt-out for a known-good primitive).</summary>
    public static DeptMap CreateNoCheck(string name) => new(name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A waiter's request for the event: the class it waits on, the wait generation stamp and where it waits.</summary>
internal readonly record struct PendingRequest(int ClassId, int Stamp, DeptSite? Site, string? Thread, int EngineId);
