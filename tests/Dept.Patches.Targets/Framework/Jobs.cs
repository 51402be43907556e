using System.Collections.Concurrent;

namespace Dept.Patches.Targets.Framework;

/// <summary>A job queue shared by several workers, each with its own lock (one class: <c>Jobs._sync</c>).</summary>
public sealed class Jobs(BlockingCollection<int> queue)
{
    private readonly object _sync = new();
    private readonly BlockingCollection<int> _queue = queue;

    public int Done { get; private set; }

    /// <summary>The latent bug: holds the worker lock across <c>Take</c>, while producers take that lock before adding.</summary>
    public int TakeUnderLock()
    {
        lock (_sync)
        {
            var job = _queue.Take();
            Done++;
            return job;
        }
    }

    /// <summary>The clean twin: takes first, then locks to record it.</summary>
    public int TakeThenLock()
    {
        var job = _queue.Take();
        lock (_sync)
        {
            Done++;
        }

        return job;
    }

    /// <summary>A producer that records the job under its lock, then adds it.</summary>
    public void Produce(int job)
    {
        lock (_sync)
        {
            Done--;
        }

        _queue.Add(job);
    }

    /// <summary>Drains with <c>GetConsumingEnumerable</c> under the worker lock (the same latent bug as <see cref="TakeUnderLock"/>).</summary>
    public int DrainUnderLock()
    {
        var sum = 0;
        lock (_sync)
        {
            foreach (var job in _queue.GetConsumingEnumerable())
            {
                sum += job;
            }
        }

        return sum;
    }

    /// <summary>Ends production: wakes every taker.</summary>
    public void Finish() => _queue.CompleteAdding();
}
