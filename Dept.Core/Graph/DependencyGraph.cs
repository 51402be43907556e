using System.Diagnostics;

namespace Dept.Core.Graph;

/// <summary>
/// The class dependency graph with incremental cycle detection by a dynamic topological order (Pearce and Kelly,
/// "A dynamic topological sort algorithm for directed acyclic graphs", 2006; the algorithm of Abseil's
/// GraphCycles and Rust's tracing-mutex) kept over the graph's <em>condensation</em>: each strongly connected
/// component (the classes of the cycles found so far) is one node of the order. An edge whose endpoints are already
/// in order costs O(1); otherwise only the components between the two positions are searched and reordered. An edge
/// that closes a cycle merges the components on it into one (their order is still valid, see <see cref="Merge"/>),
/// so earlier cycles never make later edges search the whole graph: an edge inside a component is a cycle by
/// definition and its path is searched within that component only.
/// DEPT's BFS from the new edge's wait class walks everything reachable instead, which is what made it unusable on
/// the 1,000,000-edge benchmark (docs/concepts/cycle-detection.md).
/// </summary>
/// <remarks>Not thread-safe: the engine calls it under its graph lock.</remarks>
internal sealed class DependencyGraph
{
    private readonly List<int> _forward = new();
    private readonly List<int> _backward = new();
    private readonly List<int> _positions = new();
    private readonly Comparison<int> _byOrder;

    // Per class: what every new edge touches packed in one entry (GraphNode); what only searches touch in arrays of
    // their own, so the entries stay 32 bytes.
    private GraphNode[] _n = new GraphNode[64];
    private int[] _mark = new int[64];
    private int[] _mark2 = new int[64];
    private int[] _parent = new int[64];
    private int[] _stack = new int[64];
    private IntList[] _members = new IntList[64];

    // One bit per class: its component has a member list (a merged cycle). Components of one class are the rule, and
    // a search expanding one reads this dense bitmap instead of the class's _members entry (a cache miss of its own).
    private int[] _hasMembers = new int[3];
    private long[] _sortKeys = new long[64];
    private int[] _sortPositions = new int[64];
    private int _nodes;

    // Bytes of the adjacency and member arrays, kept as they grow: ApproximateBytes is read by dept_stats under the
    // graph lock, and summing 100,000 classes' arrays there cost milliseconds (a cache miss per class).
    private long _adjacencyBytes;

    // Edges added but not yet in the adjacency lists (from << 32 | to), oldest first; see FlushAdjacency.
    private const int MaxPending = 256;
    private long[] _pending = new long[8];
    private int _pendingCount;
    private int _generation;

    public DependencyGraph() => _byOrder = (a, b) => _n[a].Ord.CompareTo(_n[b].Ord);

    public int NodeCount => _nodes;

    public int EdgeCount { get; private set; }

    /// <summary>Gets how many edges closed a cycle.</summary>
    public int BackEdgeCount { get; private set; }

    public long CycleChecks { get; private set; }

    /// <summary>Gets how many edges arrived against the order and searched (a cost measure for tests).</summary>
    public long Searches { get; private set; }

    /// <summary>Gets the number of nodes visited by all searches so far (a cost measure for tests).</summary>
    public long Visited { get; private set; }

    /// <summary>Adds node <paramref name="id"/> (ids are dense and added in increasing order) at the end of the order.</summary>
    public void AddNode(int id)
    {
        Debug.Assert(id == _nodes + 1, "nodes are added in id order");
        if (id >= _n.Length)
        {
            var size = _n.Length * 2;
            Array.Resize(ref _n, size);
            Array.Resize(ref _mark, size);
            Array.Resize(ref _mark2, size);
            Array.Resize(ref _parent, size);
            Array.Resize(ref _members, size);
            Array.Resize(ref _hasMembers, (size >> 5) + 1);
        }

        _nodes = id;
        _n[id].Ord = id;
        _n[id].Scc = id;
    }

    /// <summary>Gets the representative of the strongly connected component of <paramref name="node"/>.</summary>
    public int ComponentOf(int node) => _n[node].Scc;

    /// <summary>
    /// Adds the edge <paramref name="from"/> -&gt; <paramref name="to"/> (new to the graph) and returns whether it
    /// closes a cycle, i.e. whether <paramref name="to"/> already reaches <paramref name="from"/>.
    /// </summary>
    public bool AddEdge(int from, int to)
    {
        CycleChecks++;
        EdgeCount++;
        if (from == to)
        {
            BackEdgeCount++;
            return true; // Kept out of the adjacency: a self-loop never lies on a longer path.
        }

        // The edge joins the adjacency lists later (see FlushAdjacency); here only the two entries are read.
        if (_pendingCount == _pending.Length)
        {
            // Small engines (one per test) keep a small buffer; large graphs batch up to MaxPending edges.
            if (_pending.Length < MaxPending)
            {
                Array.Resize(ref _pending, _pending.Length * 2);
            }
            else
            {
                FlushAdjacency();
            }
        }

        _pending[_pendingCount++] = EdgeSet.Key(from, to);
        var nodes = _n;
        ref readonly var source = ref nodes[from];
        ref readonly var target = ref nodes[to];
        int u = source.Scc, v = target.Scc;
        if (u == v)
        {
            BackEdgeCount++;
            return true;
        }

        // A node alone in its component is its own representative: its position is in the entry already read.
        var lower = v == to ? target.Ord : nodes[v].Ord;
        var upper = u == from ? source.Ord : nodes[u].Ord;
        if (lower < upper)
        {
            FlushAdjacency();
            ReserveGenerations();
            Searches++;
            // Out of order: search the affected region only.
            var closes = SearchForward(v, upper, u);
            SearchBackward(u, lower);
            if (closes)
            {
                Merge(u, v);
                BackEdgeCount++;
                return true;
            }

            Reorder();
        }

        return false;
    }

    /// <summary>
    /// Returns the nodes of a shortest path from <paramref name="from"/> to <paramref name="to"/>, or null. A path
    /// between two nodes exists only inside one component (the only case the engine asks about: the rest of a cycle
    /// closed by the edge <paramref name="to"/> -&gt; <paramref name="from"/>), so the search never leaves it.
    /// </summary>
    public List<int>? FindPath(int from, int to)
    {
        FlushAdjacency();
        var component = _n[from].Scc;
        if (_n[to].Scc != component)
        {
            return null;
        }

        var gen = NextGeneration();
        var queue = new Queue<int>();
        queue.Enqueue(from);
        _mark[from] = gen;
        _parent[from] = 0;
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            Visited++;
            if (n == to)
            {
                var path = new List<int>();
                for (var p = n; p != 0; p = _parent[p])
                {
                    path.Add(p);
                    if (p == from)
                    {
                        break;
                    }
                }

                path.Reverse();
                return path;
            }

            foreach (var w in _n[n].Successors)
            {
                if (_mark[w] != gen && _n[w].Scc == component)
                {
                    _mark[w] = gen;
                    _parent[w] = n;
                    queue.Enqueue(w);
                }
            }
        }

        return null;
    }

    /// <summary>Approximate bytes held by the graph (node arrays and adjacency); writes the pending adjacency first.</summary>
    public long ApproximateBytes
    {
        get
        {
            FlushAdjacency();
            return (_n.Length * 32L) + (_mark.Length * 4L * 3) + (_members.Length * 16L) + (_hasMembers.Length * 4L) + (_sortKeys.Length * 12L) + (_pending.Length * 8L) + _adjacencyBytes;
        }
    }

    /// <summary>The adjacency and member bytes summed over every class (what the running total must equal; for tests).</summary>
    internal long RecountAdjacencyBytes()
    {
        FlushAdjacency();
        long bytes = 0;
        for (var i = 1; i <= _nodes; i++)
        {
            bytes += ArrayBytes(_n[i].Out) + ArrayBytes(_n[i].In) + _members[i].ApproximateBytes;
        }

        return bytes;
    }

    /// <summary>The running total of adjacency and member bytes (part of <see cref="ApproximateBytes"/>).</summary>
    internal long AdjacencyBytes
    {
        get
        {
            FlushAdjacency();
            return _adjacencyBytes;
        }
    }

    /// <summary>Successors of a node, for tests.</summary>
    internal ReadOnlySpan<int> SuccessorsOf(int node)
    {
        FlushAdjacency();
        return _n[node].Successors;
    }

    /// <summary>Predecessors of a node, for tests.</summary>
    internal ReadOnlySpan<int> PredecessorsOf(int node)
    {
        FlushAdjacency();
        return _n[node].Predecessors;
    }

    /// <summary>
    /// Writes the pending edges into the adjacency lists, in the order they were added. A new edge only reads its two
    /// classes' entries (for the order check); its two appends, each a cache miss of its own at 100,000 classes, wait
    /// here, where a batch of them is independent work the processor overlaps instead of one stall after another.
    /// Every reader of the adjacency (the searches, <see cref="FindPath"/>) calls this first.
    /// </summary>
    private void FlushAdjacency()
    {
        var nodes = _n;
        var pending = _pending;
        for (var i = 0; i < _pendingCount; i++)
        {
            var key = pending[i];
            int from = (int)(key >> 32), to = (int)key;
            nodes[from].AddOut(to, ref _adjacencyBytes);
            nodes[to].AddIn(from, ref _adjacencyBytes);
        }

        _pendingCount = 0;
    }

    private static long ArrayBytes(int[]? items) => items is null ? 0 : 24 + (items.Length * 4L);

    // Pearce-Kelly dfs_f over components: those reachable from start with order below upper. Reaching target means
    // a cycle; the search then still completes, because the merge needs every component on the way.
    private bool SearchForward(int start, int upper, int target)
    {
        var gen = NextGeneration();
        _forward.Clear();
        var sp = 0;
        var found = false;
        Push(ref sp, start);
        _mark[start] = gen;
        _forward.Add(start);
        while (sp > 0)
        {
            var c = _stack[--sp];
            Visited++;
            if (!HasMembers(c))
            {
                found |= ForwardFrom(c, c, upper, target, gen, ref sp);
            }
            else
            {
                foreach (var m in _members[c].AsSpan())
                {
                    found |= ForwardFrom(m, c, upper, target, gen, ref sp);
                }
            }
        }

        return found;
    }

    private bool ForwardFrom(int node, int component, int upper, int target, int gen, ref int sp)
    {
        var found = false;
        foreach (var x in _n[node].Successors)
        {
            var w = _n[x].Scc;
            if (w == target)
            {
                found = true;
            }
            else if (w != component && _n[w].Ord < upper && _mark[w] != gen)
            {
                _mark[w] = gen;
                _forward.Add(w);
                Push(ref sp, w);
            }
        }

        return found;
    }

    // Pearce-Kelly dfs_b over components: those reaching start with order above lower.
    private void SearchBackward(int start, int lower)
    {
        var gen = NextGeneration();
        _backward.Clear();
        var sp = 0;
        Push(ref sp, start);
        _mark2[start] = gen;
        _backward.Add(start);
        while (sp > 0)
        {
            var c = _stack[--sp];
            Visited++;
            if (!HasMembers(c))
            {
                BackwardFrom(c, c, lower, gen, ref sp);
            }
            else
            {
                foreach (var m in _members[c].AsSpan())
                {
                    BackwardFrom(m, c, lower, gen, ref sp);
                }
            }
        }
    }

    private void BackwardFrom(int node, int component, int lower, int gen, ref int sp)
    {
        foreach (var x in _n[node].Predecessors)
        {
            var w = _n[x].Scc;
            if (w != component && _n[w].Ord > lower && _mark2[w] != gen)
            {
                _mark2[w] = gen;
                _backward.Add(w);
                Push(ref sp, w);
            }
        }
    }

    // Pearce-Kelly reorder: the backward set takes the lowest of the freed positions, then the forward set. Each set is
    // sorted by position as (position << 32 | node) keys: a primitive sort, no comparison delegate.
    private void Reorder()
    {
        int nb = _backward.Count, total = nb + _forward.Count;
        if (total > _sortKeys.Length)
        {
            var size = Math.Max(total, _sortKeys.Length * 2);
            _sortKeys = new long[size];
            _sortPositions = new int[size];
        }

        var keys = _sortKeys.AsSpan(0, total);
        var positions = _sortPositions.AsSpan(0, total);
        for (var i = 0; i < total; i++)
        {
            var c = i < nb ? _backward[i] : _forward[i - nb];
            var ord = _n[c].Ord;
            keys[i] = ((long)ord << 32) | (uint)c;
            positions[i] = ord;
        }

        keys[..nb].Sort();
        keys[nb..].Sort();
        positions.Sort();
        for (var i = 0; i < total; i++)
        {
            _n[(int)keys[i]].Ord = positions[i];
        }
    }

    /// <summary>
    /// The edge u -&gt; v closed a cycle: v reaches u. The components on the paths v ~&gt; u (those both reached from v
    /// and reaching u: the forward set F from v and the backward set B from u, with the generations of their last
    /// searches still in the marks) become one. Positions: B \ M first, then the merged component M, then F \ M, over
    /// the positions they held. That is a valid order: nothing in F \ M reaches u (else it would be in M) and nothing in
    /// B \ M is reached from v, so no edge runs from F \ M or M back into B \ M, or from F \ M back into M; and F's
    /// nodes only move up, B's only down, as in Pearce-Kelly's own reorder.
    /// </summary>
    private void Merge(int u, int v)
    {
        var forwardGen = _generation - 1;
        var backwardGen = _generation;

        // u is outside the forward search's bound and v below the backward one; both are on every cycle path.
        _forward.Add(u);
        _mark[u] = forwardGen;
        _backward.Add(v);
        _mark2[v] = backwardGen;
        _positions.Clear();
        var merged = new List<int>();
        var before = new List<int>();
        foreach (var c in _backward)
        {
            _positions.Add(_n[c].Ord);
            (_mark[c] == forwardGen ? merged : before).Add(c);
        }

        var after = new List<int>();
        foreach (var c in _forward)
        {
            if (_mark2[c] != backwardGen)
            {
                _positions.Add(_n[c].Ord);
                after.Add(c);
            }
        }

        before.Sort(_byOrder);
        after.Sort(_byOrder);
        _positions.Sort();
        var i = 0;
        foreach (var c in before)
        {
            _n[c].Ord = _positions[i++];
        }

        var mergedPosition = _positions[i];
        i += merged.Count;
        foreach (var c in after)
        {
            _n[c].Ord = _positions[i++];
        }

        // Union into the component with the most members: each node moves O(log n) times over the graph's life.
        var root = merged[0];
        foreach (var c in merged)
        {
            if (Size(c) > Size(root))
            {
                root = c;
            }
        }

        var membersBefore = 0L;
        foreach (var c in merged)
        {
            membersBefore += _members[c].ApproximateBytes;
        }

        if (_members[root].Count == 0)
        {
            _members[root].Add(root);
        }

        SetHasMembers(root, true);

        foreach (var c in merged)
        {
            if (c == root)
            {
                continue;
            }

            if (_members[c].Count == 0)
            {
                _n[c].Scc = root;
                _members[root].Add(c);
            }
            else
            {
                foreach (var m in _members[c].AsSpan())
                {
                    _n[m].Scc = root;
                    _members[root].Add(m);
                }

                _members[c] = default;
                SetHasMembers(c, false);
            }
        }

        _n[root].Ord = mergedPosition;
        _adjacencyBytes += _members[root].ApproximateBytes - membersBefore;
    }

    private int Size(int component) => Math.Max(1, _members[component].Count);

    private bool HasMembers(int component) => (_hasMembers[component >> 5] & (1 << (component & 31))) != 0;

    private void SetHasMembers(int component, bool value)
    {
        if (value)
        {
            _hasMembers[component >> 5] |= 1 << (component & 31);
        }
        else
        {
            _hasMembers[component >> 5] &= ~(1 << (component & 31));
        }
    }

    private void Push(ref int sp, int node)
    {
        if (sp == _stack.Length)
        {
            Array.Resize(ref _stack, sp * 2);
        }

        _stack[sp++] = node;
    }

    // Merge reads the marks of the forward and the backward search of one edge, so both generations are taken
    // from one reserve: a wrap never falls between them.
    private void ReserveGenerations()
    {
        if (_generation > int.MaxValue - 4)
        {
            Array.Clear(_mark);
            Array.Clear(_mark2);
            _generation = 0;
        }
    }

    private int NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_mark);
            Array.Clear(_mark2);
            _generation = 1;
        }

        return _generation;
    }
}
