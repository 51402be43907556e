using System.Diagnostics;

namespace Dept.Core.Graph;

// The incremental check itself (Pearce-Kelly over strongly connected components): the searches a new edge against the
// order starts, the reorder, and the merge of a closed cycle into one component.
internal sealed partial class DependencyGraph
{
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
