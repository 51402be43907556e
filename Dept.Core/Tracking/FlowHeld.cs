namespace Dept.Core.Tracking;

/// <summary>
/// One async lock a logical flow holds (the <see cref="HeldEntry"/> of a flow instead of a thread), linked to the
/// locks the flow held before it: the newest node is the flow's held set. Nodes never change except for
/// <see cref="Released"/>, so a set captured by a fork (a child async method, a continuation) is exactly the
/// parent's set at the fork, and an acquire costs one node and one <see cref="AsyncLocal{T}"/> write, a release none.
/// </summary>
/// <remarks>
/// Not sealed only for <see cref="FlowHeldCopy"/>, the rare handed-over node. Kept at 64 bytes (four references,
/// three ints, a flag): the site is kept by id, and the copy's origin lives in the subclass.
/// </remarks>
internal class FlowHeld
{
    public FlowHeld(int classId, object instance, int nest, int siteId, FlowClassState? state, Task? acquired, FlowHeld? next)
    {
        ClassId = classId;
        Instance = instance;
        Nest = nest;
        SiteId = siteId;
        State = state;
        Acquired = acquired;
        Next = next;
    }

    public int ClassId { get; }

    /// <summary>The lock instance; matched by reference on release.</summary>
    public object Instance { get; }

    public int Nest { get; }

    /// <summary>Where the flow acquired it (a <c>DeptSite</c> id, 0 for none): the [S] of reports.</summary>
    public int SiteId { get; }

    /// <summary>Whether the class is a lock, a signal or not yet known (for primitives that may be either), else null.</summary>
    public FlowClassState? State { get; }

    /// <summary>An asynchronous acquire's task: the node counts only while it is pending or succeeded (with true, for a <c>Task&lt;bool&gt;</c>).</summary>
    public Task? Acquired { get; }

    /// <summary>The lock the flow acquired before this one (older nodes), or null.</summary>
    public FlowHeld? Next { get; }

    /// <summary>Set on the acquire's own node when it is over (released by any flow, or abandoned): no copy holds then.</summary>
    public volatile bool Released;

    /// <summary>The acquire this node stands for: itself, or the handed-over node it copies.</summary>
    public FlowHeld Acquire => this is FlowHeldCopy copy ? copy.Origin : this;

    /// <summary>Whether the node is an event context now: not released anywhere, not a signal class, not a timed or cancelled acquire that failed. Once false, false for good.</summary>
    public bool Holds
    {
        get
        {
            if (Acquire.Released || State is { IsSignal: true })
            {
                return false;
            }

            var task = Acquired;
            return task is null || !task.IsCompleted || (task.IsCompletedSuccessfully && (task is not Task<bool> timed || timed.Result));
        }
    }

    /// <summary>The newest node from <paramref name="head"/> on that still holds, or null: the flow holds nothing.</summary>
    public static FlowHeld? FirstHolding(FlowHeld? head)
    {
        while (head is not null && !head.Holds)
        {
            head = head.Next;
        }

        return head;
    }

    /// <summary>
    /// The chain a new node links to: the nodes from <paramref name="head"/> on that still hold. Usually that is the
    /// chain from its first holding node as it is; when a released node sits below a holding one (locks released out
    /// of order, hand-over-hand locking), the holding ones are copied into a fresh chain so released nodes are never
    /// kept: a flow's chain stays as long as what it holds plus its released head, however many locks it took.
    /// </summary>
    public static FlowHeld? Compact(FlowHeld? head)
    {
        head = FirstHolding(head);
        var clean = true;
        var holding = 0;
        for (var n = head; n is not null; n = n.Next)
        {
            if (n.Holds)
            {
                holding++;
            }
            else
            {
                clean = false;
            }
        }

        if (clean)
        {
            return head;
        }

        var kept = new FlowHeld[holding];
        var k = 0;
        for (var n = head; n is not null; n = n.Next)
        {
            if (n.Holds && k < kept.Length)
            {
                kept[k++] = n;
            }
        }

        FlowHeld? rebuilt = null;
        for (var i = k - 1; i >= 0; i--)
        {
            rebuilt = new FlowHeldCopy(kept[i], rebuilt);
        }

        return rebuilt;
    }

    /// <summary>
    /// Returns the newest node from <paramref name="head"/> on for <paramref name="instance"/> (the lock, or the key its
    /// acquire task returned) that still holds (a cancelled acquire does not), else the newest one at all, or null.
    /// </summary>
    public static FlowHeld? Find(FlowHeld? head, object instance)
    {
        FlowHeld? any = null;
        for (var n = head; n is not null; n = n.Next)
        {
            if (ReferenceEquals(n.Instance, instance) || IsKeyOf(n, instance))
            {
                if (n.Holds)
                {
                    return n;
                }

                any ??= n;
            }
        }

        return any;
    }

    /// <summary>Whether a node from <paramref name="head"/> on stands for the acquire <paramref name="acquire"/>.</summary>
    public static bool Contains(FlowHeld? head, FlowHeld acquire)
    {
        for (var n = head; n is not null; n = n.Next)
        {
            if (ReferenceEquals(n.Acquire, acquire))
            {
                return true;
            }
        }

        return false;
    }

    // Lock libraries hand out a key object from the acquire's task (using (await m.LockAsync())); releasing the key
    // releases the node whose acquire returned it.
    private static bool IsKeyOf(FlowHeld node, object key)
        => node.Acquired is Task<IDisposable> { IsCompletedSuccessfully: true } acquire && ReferenceEquals(acquire.Result, key);
}
