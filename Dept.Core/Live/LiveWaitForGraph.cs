namespace Dept.Core.Live;

/// <summary>
/// The live wait-for graph (#6): threads and tasks are nodes, each with at most one outgoing edge (a thread blocks
/// on one thing at a time; a task is either running on a thread or suspended on one awaited task). Built only from
/// waits the runtime reported as really blocking, so a cycle in it is a deadlock that is happening.
/// </summary>
/// <remarks>Not thread-safe: <see cref="LiveDeadlockTracker"/> owns it under its lock.</remarks>
internal sealed partial class LiveWaitForGraph(int maxNodes)
{
    private readonly Dictionary<long, LiveThreadState> _threads = [];
    private readonly Dictionary<int, LiveWait> _awaits = [];
    private readonly Dictionary<int, LiveWait> _running = [];

    public int NodeCount => _threads.Count + _awaits.Count + _running.Count;

    /// <summary>The outgoing edge of <paramref name="node"/>, if it is blocked on someone known.</summary>
    public LiveWait? EdgeOf(LiveNode node)
    {
        if (!node.IsTask)
        {
            return _threads.TryGetValue(node.Id, out var state) ? PrimaryOf(node, state) : null;
        }

        var id = (int)node.Id;
        return _running.TryGetValue(id, out var running) ? running : _awaits.GetValueOrDefault(id);
    }

    // Task.Wait may run the task inline on the waiting thread: then "thread waits for task" and "task runs on
    // thread" both hold, but the thread is busy, not blocked. Its real state is whatever the task body waits on.
    private LiveWait? PrimaryOf(LiveNode thread, LiveThreadState state)
    {
        if (state.Lock is null && state.Task is { Target: { } task } && _running.TryGetValue((int)task.Id, out var run) && run.Target == thread)
        {
            return state.Handle;
        }

        return state.Primary;
    }

    /// <summary>Every current edge: each blocked thread's primary wait, then task edges.</summary>
    public List<LiveWait> CurrentWaits()
    {
        var waits = new List<LiveWait>(_threads.Count + _awaits.Count + _running.Count);
        foreach (var state in _threads.Values)
        {
            if (state.Primary is { } primary && PrimaryOf(primary.Waiter, state) is { } wait)
            {
                waits.Add(wait);
            }
        }

        waits.AddRange(_running.Values);
        waits.AddRange(_awaits.Values.Where(w => !_running.ContainsKey((int)w.Waiter.Id)));
        return waits;
    }

    /// <summary>Every cycle, each as its edges in order. The graph is functional (out-degree at most 1), so a walk
    /// from each node finds all cycles in linear time.</summary>
    public List<IReadOnlyList<LiveWait>> FindCycles()
    {
        var cycles = new List<IReadOnlyList<LiveWait>>();
        var done = new HashSet<LiveNode>();
        var path = new List<LiveWait>();
        var onPath = new Dictionary<LiveNode, int>();
        foreach (var start in CurrentWaits())
        {
            path.Clear();
            onPath.Clear();
            var edge = start;
            while (edge is not null && !done.Contains(edge.Waiter))
            {
                if (onPath.TryGetValue(edge.Waiter, out var at))
                {
                    cycles.Add(path.GetRange(at, path.Count - at));
                    break;
                }

                onPath[edge.Waiter] = path.Count;
                path.Add(edge);
                edge = edge.Target is { } target ? EdgeOf(target) : null;
            }

            foreach (var visited in path)
            {
                done.Add(visited.Waiter);
            }
        }

        return cycles;
    }
}
