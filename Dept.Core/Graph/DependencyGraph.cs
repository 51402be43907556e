using System.Diagnostics;

namespace Dept.Core.Graph;

/// <summary>
/// The class dependency graph with incremental cycle detection by dynamic topological order (Pearce and Kelly,
/// "A dynamic topological sort algorithm for directed acyclic graphs", 2006; the algorithm of Abseil's
/// GraphCycles and Rust's tracing-mutex). An edge whose endpoints are already in order costs O(1); otherwise only
/// the nodes between the two positions are searched and reordered. DEPT's BFS from the new edge's wait class walks
/// everything reachable instead, which is what made it unusable on the 1,000,000-edge benchmark
/// (docs/concepts/cycle-detection.md).
/// </summary>
/// <remarks>
/// Not thread-safe: the engine calls it under its graph lock. Edges that close a cycle cannot keep a topological
/// order, so they are kept apart as back edges; once any exist, a new edge also runs a reachability search over
/// the whole graph so cycles through earlier cycles are still found.
/// </remarks>
internal sealed class DependencyGraph
{
    private readonly List<int> _forward = new();
    private readonly List<int> _backward = new();
    private readonly List<int> _positions = new();
    private readonly Comparison<int> _byOrder;
    private int[] _ord = new int[64];
    private int[] _nodeAt = new int[64];
    private int[] _mark = new int[64];
    private int[] _parent = new int[64];
    private int[] _stack = new int[64];
    private IntList[] _out = new IntList[64];
    private IntList[] _in = new IntList[64];
    private IntList[] _backOut = new IntList[64];
    private int _nodes;
    private int _generation;

    public DependencyGraph() => _byOrder = (a, b) => _ord[a].CompareTo(_ord[b]);

    public int NodeCount => _nodes;

    public int EdgeCount { get; private set; }

    public int BackEdgeCount { get; private set; }

    public long CycleChecks { get; private set; }

    /// <summary>Adds node <paramref name="id"/> (ids are dense and added in increasing order) at the end of the order.</summary>
    public void AddNode(int id)
    {
        Debug.Assert(id == _nodes + 1, "nodes are added in id order");
        if (id >= _ord.Length)
        {
            var size = _ord.Length * 2;
            Array.Resize(ref _ord, size);
            Array.Resize(ref _nodeAt, size);
            Array.Resize(ref _mark, size);
            Array.Resize(ref _parent, size);
            Array.Resize(ref _out, size);
            Array.Resize(ref _in, size);
            Array.Resize(ref _backOut, size);
        }

        _nodes = id;
        _ord[id] = id;
        _nodeAt[id] = id;
    }

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
            AddBackEdge(from, to);
            return true;
        }

        var lower = _ord[to];
        var upper = _ord[from];
        if (lower < upper)
        {
            // Out of order: search the affected region only.
            if (SearchForward(to, upper, from))
            {
                AddBackEdge(from, to);
                return true;
            }

            SearchBackward(from, lower);
            Reorder();
        }

        _out[from].Add(to);
        _in[to].Add(from);
        return BackEdgeCount > 0 && FindPath(to, from) is not null;
    }

    /// <summary>Returns the nodes of a shortest path from <paramref name="from"/> to <paramref name="to"/> over all edges, or null.</summary>
    public List<int>? FindPath(int from, int to)
    {
        var gen = NextGeneration();
        var queue = new Queue<int>();
        queue.Enqueue(from);
        _mark[from] = gen;
        _parent[from] = 0;
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
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

            foreach (var w in _out[n].AsSpan())
            {
                Visit(w, n, gen, queue);
            }

            foreach (var w in _backOut[n].AsSpan())
            {
                Visit(w, n, gen, queue);
            }
        }

        return null;
    }

    /// <summary>Approximate bytes held by the graph (node arrays and adjacency).</summary>
    public long ApproximateBytes
    {
        get
        {
            long bytes = _ord.Length * 4L * 5 + _out.Length * 16L * 3;
            for (var i = 1; i <= _nodes; i++)
            {
                bytes += _out[i].ApproximateBytes + _in[i].ApproximateBytes + _backOut[i].ApproximateBytes;
            }

            return bytes;
        }
    }

    private void Visit(int w, int parent, int gen, Queue<int> queue)
    {
        if (_mark[w] != gen)
        {
            _mark[w] = gen;
            _parent[w] = parent;
            queue.Enqueue(w);
        }
    }

    private void AddBackEdge(int from, int to)
    {
        _backOut[from].Add(to);
        BackEdgeCount++;
    }

    // Pearce-Kelly dfs_f: nodes reachable from start with order below upper; reaching target means a cycle.
    private bool SearchForward(int start, int upper, int target)
    {
        var gen = NextGeneration();
        _forward.Clear();
        var sp = 0;
        Push(ref sp, start);
        _mark[start] = gen;
        _forward.Add(start);
        while (sp > 0)
        {
            var n = _stack[--sp];
            foreach (var w in _out[n].AsSpan())
            {
                if (w == target)
                {
                    return true;
                }

                if (_mark[w] != gen && _ord[w] < upper)
                {
                    _mark[w] = gen;
                    _forward.Add(w);
                    Push(ref sp, w);
                }
            }
        }

        return false;
    }

    // Pearce-Kelly dfs_b: nodes reaching start with order above lower.
    private void SearchBackward(int start, int lower)
    {
        var gen = NextGeneration();
        _backward.Clear();
        var sp = 0;
        Push(ref sp, start);
        _mark[start] = gen;
        _backward.Add(start);
        while (sp > 0)
        {
            var n = _stack[--sp];
            foreach (var w in _in[n].AsSpan())
            {
                if (_mark[w] != gen && _ord[w] > lower)
                {
                    _mark[w] = gen;
                    _backward.Add(w);
                    Push(ref sp, w);
                }
            }
        }
    }

    // Pearce-Kelly reorder: the backward set takes the lowest of the freed positions, then the forward set.
    private void Reorder()
    {
        _backward.Sort(_byOrder);
        _forward.Sort(_byOrder);
        _positions.Clear();
        foreach (var n in _backward)
        {
            _positions.Add(_ord[n]);
        }

        foreach (var n in _forward)
        {
            _positions.Add(_ord[n]);
        }

        _positions.Sort();
        var i = 0;
        foreach (var n in _backward)
        {
            Assign(n, _positions[i++]);
        }

        foreach (var n in _forward)
        {
            Assign(n, _positions[i++]);
        }
    }

    private void Assign(int node, int position)
    {
        _ord[node] = position;
        _nodeAt[position] = node;
    }

    private void Push(ref int sp, int node)
    {
        if (sp == _stack.Length)
        {
            Array.Resize(ref _stack, sp * 2);
        }

        _stack[sp++] = node;
    }

    private int NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_mark);
            _generation = 1;
        }

        return _generation;
    }
}
