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
internal sealed partial class DependencyGraph
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
}
