using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Viewer.Tests.Support;

/// <summary>
/// Real engines fed with real annotation calls that produce known cycles (until the fence workload replaces them):
/// the graph every endpoint, CLI and browser test serves.
/// </summary>
internal static class EngineGraphs
{
    public const string Orders = "Shop.Orders.Lock";
    public const string Inventory = "Shop.Inventory.Lock";
    public const string CacheLock = "Shop.Cache.Lock";
    public const string CacheRefreshed = "Shop.Cache.Refreshed";
    public const string Fence = "Shop.Io.Fence";
    public const string Queue = "Shop.Io.Queue";
    public const string Logger = "Shop.Misc.Logger";

    /// <summary>
    /// Three cycles: AB-BA between <see cref="Orders"/> and <see cref="Inventory"/>; a lock held while waiting for an
    /// event that is fired under the same lock (<see cref="CacheLock"/> / <see cref="CacheRefreshed"/>); and a
    /// timeout-bounded AB-BA between <see cref="Fence"/> and <see cref="Queue"/>. <see cref="Logger"/> depends on
    /// <see cref="Orders"/> and lies on no cycle.
    /// </summary>
    public static DeptEngine KnownCycles()
    {
        var engine = NewEngine();
        object orders = new(), inventory = new(), cache = new(), fence = new(), queue = new(), logger = new();
        OnThread(() =>
        {
            Lock(engine, Logger, logger, 10);
            Lock(engine, Orders, orders, 11);
            engine.Release(orders, Site("Monitor.Exit", 12));
            engine.Release(logger, Site("Monitor.Exit", 13));
            Lock(engine, Orders, orders, 20);
            Lock(engine, Inventory, inventory, 21);
            engine.Release(inventory, Site("Monitor.Exit", 22));
            engine.Release(orders, Site("Monitor.Exit", 23));
        });
        OnThread(() =>
        {
            Lock(engine, Inventory, inventory, 30);
            Lock(engine, Orders, orders, 31);
            engine.Release(orders, Site("Monitor.Exit", 32));
            engine.Release(inventory, Site("Monitor.Exit", 33));
        });

        var refreshed = new DeptMap(DeptKey.Named(CacheRefreshed), "refreshed");
        OnThread(() =>
        {
            Lock(engine, CacheLock, cache, 40);
            engine.Wait(refreshed, Site("ManualResetEventSlim.Wait", 41));
            engine.Release(cache, Site("Monitor.Exit", 42));
        });
        OnThread(() =>
        {
            Lock(engine, CacheLock, cache, 50);
            engine.Event(refreshed, Site("ManualResetEventSlim.Set", 51));
            engine.Release(cache, Site("Monitor.Exit", 52));
        });

        OnThread(() =>
        {
            Lock(engine, Fence, fence, 60);
            engine.Acquire(DeptKey.Named(Queue), queue, Site("SemaphoreSlim.Wait", 61), flags: DeptLockFlags.Timeout);
            engine.Release(queue, Site("SemaphoreSlim.Release", 62));
            engine.Release(fence, Site("Monitor.Exit", 63));
        });
        OnThread(() =>
        {
            Lock(engine, Queue, queue, 70);
            engine.Acquire(DeptKey.Named(Fence), fence, Site("Monitor.TryEnter", 71), flags: DeptLockFlags.Timeout);
            engine.Release(fence, Site("Monitor.Exit", 72));
            engine.Release(queue, Site("SemaphoreSlim.Release", 73));
        });
        return engine;
    }

    /// <summary>
    /// <paramref name="count"/> classes <c>Big.N{i / 100}.C{i}</c> in a long chain (each depends on the next) with one
    /// AB-BA cycle between <c>Big.N0.C0</c> and <c>Big.N0.C1</c> closed at the end.
    /// </summary>
    public static DeptEngine Chain(int count)
    {
        var engine = NewEngine(o => o.MaxClasses = count + 16);
        var instances = Enumerable.Range(0, count).Select(_ => new object()).ToArray();
        string Name(int i) => $"Big.N{i / 100}.C{i}";
        OnThread(() =>
        {
            for (var i = 0; i + 1 < count; i++)
            {
                Lock(engine, Name(i), instances[i], 1);
                Lock(engine, Name(i + 1), instances[i + 1], 2);
                engine.Release(instances[i + 1]);
                engine.Release(instances[i]);
            }

            Lock(engine, Name(1), instances[1], 3);
            Lock(engine, Name(0), instances[0], 4);
            engine.Release(instances[0]);
            engine.Release(instances[1]);
        });
        return engine;
    }

    public const string Latch = "Shop.Checkout.Latch";
    public const string Shutdown = "Shop.Host.Shutdown";

    /// <summary>
    /// One unreachable event (a waiter on <see cref="Latch"/>, whose source is then disposed) and one never-fired
    /// warning (a timed wait on <see cref="Shutdown"/> nobody sets), beside the cycles of <see cref="KnownCycles"/>.
    /// </summary>
    public static DeptEngine WithUnreachableEvents()
    {
        var engine = KnownCycles();
        var latch = new DeptMap(DeptKey.Named(Latch));
        var shutdown = new DeptMap(DeptKey.Named(Shutdown));
        OnThread(() =>
        {
            engine.Wait(latch, Site("Latch.Wait", 40));
            engine.Wait(shutdown, Site("Shutdown.Wait", 41), timeout: true);
        });
        engine.ReportAbandoned(latch, DeptUnreachableReason.Released, "disposed while a waiter was blocked", "Latch.Set", Site("Latch.Dispose", 42), Site("new Latch", 39), null);
        engine.CheckNeverFired();
        return engine;
    }

    public static DeptEngine NewEngine(Action<DeptOptions>? configure = null)
    {
        var options = new DeptOptions { CaptureStacks = true, TrackTimeoutWaits = true, Source = "viewer test workload" };
        options.Reporters.Add(new CollectingReporter());
        configure?.Invoke(options);
        return new DeptEngine(options);
    }

    private static DeptSite Site(string function, int line) => DeptSite.Create(function, "Shop.Worker.Run", "/src/Shop/Worker.cs", line);

    private static void Lock(DeptEngine engine, string key, object instance, int line) =>
        engine.Acquire(DeptKey.Named(key), instance, Site("Monitor.Enter", line));

    /// <summary>Each context on its own thread (DEPT contexts are per thread), joined with a bound.</summary>
    private static void OnThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }) { IsBackground = true };
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("workload thread did not finish within 30 s");
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("workload thread failed", failure);
        }
    }
}
