namespace Dept.Patches.Targets;

/// <summary>
/// Many threads through the same rewritten lock call sites at once, each on its own instances (the inlined lock path's
/// per-site memos and per-invocation slots under contention), optionally with one thread taking the inverse order.
/// </summary>
public sealed class LockStress
{
    private readonly object _outer = new();
    private readonly Lock _inner = new();
    private int _count;

    /// <summary>Runs <paramref name="threads"/> threads of <paramref name="iterations"/> nested acquires each; returns the total.</summary>
    public static int Run(int threads, int iterations, bool invertOnce)
    {
        var workers = new Thread[threads];
        var stresses = new LockStress[threads];
        using var start = new ManualResetEventSlim();
        for (var i = 0; i < threads; i++)
        {
            var stress = stresses[i] = new LockStress();
            workers[i] = new Thread(() =>
            {
                start.Wait();
                for (var n = 0; n < iterations; n++)
                {
                    stress.Nested();
                }
            });
            workers[i].Start();
        }

        start.Set();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        if (invertOnce)
        {
            new LockStress().Inverted();
        }

        return stresses.Sum(static s => s._count);
    }

    private void Nested()
    {
        lock (_outer)
        {
            lock (_inner)
            {
                _count++;
            }
        }
    }

    private void Inverted()
    {
        lock (_inner)
        {
            lock (_outer)
            {
                _count++;
            }
        }
    }
}
