using DmaBuf.Buffers;
using DmaBuf.Heaps;

namespace DmaBuf.Scenarios.Running;

/// <summary>A fresh model for one scenario: runtime, the two standard heaps, and thread helpers that never hang.</summary>
public sealed class ScenarioWorld
{
    /// <summary>How long a scenario thread may take before the scenario is declared hung.</summary>
    public static readonly TimeSpan ThreadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates the world.</summary>
    /// <param name="time">The clock.</param>
    public ScenarioWorld(TimeProvider? time = null)
    {
        Runtime = new DmaRuntime(time);
        Heaps = new DmaHeapRegistry(Runtime);
        Heaps.Add(new SystemHeap(Runtime, 256UL << 20));
        Heaps.Add(new ContiguousHeap(Runtime, 64UL << 20));
    }

    /// <summary>Gets the runtime.</summary>
    public DmaRuntime Runtime { get; }

    /// <summary>Gets the heaps: <c>system</c> and <c>default_cma_region</c>.</summary>
    public DmaHeapRegistry Heaps { get; }

    /// <summary>Allocates a buffer from the system heap.</summary>
    /// <param name="length">The length.</param>
    /// <returns>The buffer.</returns>
    public DmaBuffer Allocate(ulong length = 64 * 1024) => Heaps.Allocate(SystemHeap.HeapName, length);

    /// <summary>
    /// Waits (bounded, without sleeping a fixed time) until <paramref name="condition"/> holds, e.g. until a waiter is
    /// really blocked on a fence before its source is torn down.
    /// </summary>
    /// <param name="condition">The condition.</param>
    /// <param name="what">What is awaited, for the timeout message.</param>
    /// <exception cref="TimeoutException">It did not hold within <see cref="ThreadTimeout"/>.</exception>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Environment.TickCount64 + (long)ThreadTimeout.TotalMilliseconds;
        var spin = default(SpinWait);
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {ThreadTimeout.TotalSeconds} s.");
            }

            spin.SpinOnce();
        }
    }

    /// <summary>
    /// Starts <paramref name="body"/> on a background thread that the scenario ends itself, through
    /// a cancellation token (a waiter on a fence that nothing will ever signal), and returns the thread.
    /// </summary>
    /// <param name="name">The thread name.</param>
    /// <param name="body">The work.</param>
    /// <returns>The started thread.</returns>
    public static Thread Start(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    /// <summary>Waits for a thread started with <see cref="Start"/>.</summary>
    /// <param name="thread">The thread.</param>
    /// <exception cref="TimeoutException">It did not finish within <see cref="ThreadTimeout"/>.</exception>
    public static void Join(Thread thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        if (!thread.Join(ThreadTimeout))
        {
            throw new TimeoutException($"Thread {thread.Name} did not finish within {ThreadTimeout.TotalSeconds} s: the scenario hung.");
        }
    }

    /// <summary>Runs <paramref name="body"/> on a new named thread and waits for it.</summary>
    /// <param name="name">The thread name (shown in reports).</param>
    /// <param name="body">The work.</param>
    public static void OnThread(string name, Action body) => Parallel(name, 1, _ => body());

    /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads and waits for all.</summary>
    /// <param name="name">The thread name prefix.</param>
    /// <param name="count">How many threads.</param>
    /// <param name="body">The work, given the thread's index.</param>
    /// <exception cref="TimeoutException">A thread did not finish in <see cref="ThreadTimeout"/>: the scenario hung.</exception>
    public static void Parallel(string name, int count, Action<int> body)
    {
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                body(i);
            }
            catch (Exception ex)
            {
                lock (errors)
                {
                    errors.Add(ex);
                }
            }
        })
        { IsBackground = true, Name = count == 1 ? name : $"{name}-{i}" }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var thread in threads)
        {
            if (!thread.Join(ThreadTimeout))
            {
                throw new TimeoutException($"Thread {thread.Name} did not finish within {ThreadTimeout.TotalSeconds} s: the scenario hung.");
            }
        }

        if (errors.Count > 0)
        {
            throw new AggregateException($"{errors.Count} scenario thread(s) failed.", errors);
        }
    }
}
