using System.Collections.Concurrent;
using Dept.Patches.Targets.Framework;

namespace Dept.Patches.Targets;

/// <summary>Blocking inside the framework (#10): one latent bug and its clean twin per family. None hangs.</summary>
public static partial class Scenarios
{
    /// <summary>A worker holds its lock across <c>Take</c>; the producer takes another worker's lock (same class) before adding.</summary>
    public static int TakeUnderLock() => Consume(static jobs => jobs.TakeUnderLock(), waits: 2);

    /// <summary>The clean twin: the worker takes, then locks.</summary>
    public static int TakeThenLock() => Consume(static jobs => jobs.TakeThenLock(), waits: 1);

    /// <summary><c>GetConsumingEnumerable</c> under the worker lock, ended by <c>CompleteAdding</c>.</summary>
    public static int DrainUnderLock()
    {
        using var queue = new BlockingCollection<int>();
        var worker = new Jobs(queue);
        var producer = new Jobs(queue);
        Thread? thread = null;
        var waitsBefore = Blocking.Waits();
        var drain = Task.Factory.StartNew(() =>
        {
            Volatile.Write(ref thread, Thread.CurrentThread);
            return worker.DrainUnderLock();
        }, TaskCreationOptions.LongRunning);
        SpinUntilStarted(ref thread);
        Blocking.WaitUntilBlocked(thread!, waitsBefore, waits: 2);
        producer.Produce(5);
        producer.Finish();
        return drain.Wait(TimeSpan.FromSeconds(30)) ? drain.Result : -1;
    }

    /// <summary>A stage awaits a write to a full bounded channel under its async lock; a reader takes another stage's async lock (same class) before reading.</summary>
    public static bool WriteUnderGate() => Write(static (stage, item) => stage.WriteUnderGateAsync(item));

    /// <summary>The clean twin: the stage writes without its async lock.</summary>
    public static bool WriteThenGate() => Write(static (stage, item) => stage.WriteThenGateAsync(item));

    /// <summary>The factory of one settings' lazy value takes the store lock; another settings' value is touched under it.</summary>
    public static int LazyUnderLock() => new Settings().Read() + new Settings().ReadUnderStoreLock();

    /// <summary>The clean twin: double-checked locking, the lazy value read outside the lock.</summary>
    public static int LazyDoubleChecked() => new Settings().ReadDoubleChecked() + new Settings().ReadDoubleChecked();

    /// <summary><c>LazyInitializer.EnsureInitialized</c> with a lock: the same latent bug.</summary>
    public static int EnsureInitializedUnderLock() => new Settings().EnsureReady() + new Settings().EnsureReadyUnderStoreLock();

    /// <summary>Two initializers read each other's type.</summary>
    public static string CircularTypeInit() => OrderCodes.Prefix + PriceCodes.Prefix;

    /// <summary>The clean twin: one initializer reads another.</summary>
    public static string ChainedTypeInit() => Units.Name;

    /// <summary>
    /// A thread holding an account lock first touches <see cref="Catalog"/> while another thread runs its initializer,
    /// which then takes another account's lock (same class). The initializer waits until the toucher is blocked, then
    /// goes on: the latent deadlock is reported, the run does not hang.
    /// </summary>
    public static int TypeInitUnderLock()
    {
        var initializer = Task.Factory.StartNew(static () => Catalog.Items, TaskCreationOptions.LongRunning);
        CatalogGate.Started.Wait(TimeSpan.FromSeconds(30));
        var holder = new Account();
        var items = 0;
        var toucher = new Thread(() => items = holder.WithLock(static () => Catalog.Items));
        CatalogGate.Proceed(toucher, Blocking.Waits());
        toucher.Start();
        toucher.Join(TimeSpan.FromSeconds(30));
        return initializer.Wait(TimeSpan.FromSeconds(30)) ? initializer.Result + items : -1;
    }

    /// <summary>Spin locks taken in opposite orders (other instances).</summary>
    public static int SpinLockInversion()
    {
        var counter = new Counter();
        var gauge = new Gauge();
        counter.Add(1, () => gauge.Set(1));
        var otherGauge = new Gauge();
        var otherCounter = new Counter();
        otherGauge.Set(2, () => otherCounter.Add(2));
        return counter.Value + gauge.Level + otherGauge.Level + otherCounter.Value;
    }

    /// <summary>The clean twin: always counter, then gauge.</summary>
    public static int SpinLockConsistent()
    {
        var counter = new Counter();
        var gauge = new Gauge();
        counter.Add(1, () => gauge.Set(1));
        new Counter().Add(2, () => new Gauge().Set(2));
        return counter.Value + gauge.Level;
    }

    /// <summary>The caller holds a batch lock while <c>Parallel.For</c> bodies take other batches' locks.</summary>
    public static int ParallelUnderLock() => new Batch().SettleUnderLock([new Batch(), new Batch(), new Batch(), new Batch()]);

    /// <summary>The clean twin: no lock in the caller, one lock per body.</summary>
    public static int ParallelOneLockEach() => Batch.Settle([new Batch(), new Batch(), new Batch(), new Batch()]);

    /// <summary><c>Parallel.Invoke</c> under a batch lock, bodies taking other batches' locks.</summary>
    public static int ParallelInvokeUnderLock() => new Batch().InvokeUnderLock(new Batch(), new Batch());

    /// <summary>An unmodelled blocking API that runs three times at one site.</summary>
    public static int SpinUntilThrice()
    {
        var ran = 0;
        for (var i = 0; i < 3; i++)
        {
            ran += SpinWait.SpinUntil(static () => true, TimeSpan.FromSeconds(1)) ? 1 : 0;
        }

        return ran;
    }

    private static int Consume(Func<Jobs, int> take, int waits)
    {
        using var queue = new BlockingCollection<int>();
        var worker = new Jobs(queue);
        var producer = new Jobs(queue);
        Thread? thread = null;
        var waitsBefore = Blocking.Waits();
        var taker = Task.Factory.StartNew(() =>
        {
            Volatile.Write(ref thread, Thread.CurrentThread);
            return take(worker);
        }, TaskCreationOptions.LongRunning);
        SpinUntilStarted(ref thread);
        Blocking.WaitUntilBlocked(thread!, waitsBefore, waits); // the worker's lock (if held), then Take
        producer.Produce(7);
        return taker.Wait(TimeSpan.FromSeconds(30)) ? taker.Result : -1;
    }

    private static bool Write(Func<Pipeline, int, Task<bool>> write)
    {
        var channel = Pipeline.Create(capacity: 1);
        var writer = new Pipeline(channel);
        var reader = new Pipeline(channel);
        writer.Offer(1); // full: the next write waits for a read
        var writing = Task.Run(() => write(writer, 2));
        var deadline = Environment.TickCount64 + 30_000;
        while (!writer.WritePending && !writing.IsCompleted && Environment.TickCount64 < deadline)
        {
            Thread.Yield(); // until the write is really pending (the flow awaits it)
        }

        var first = reader.ReadAsync().GetAwaiter().GetResult();
        return writing.Wait(TimeSpan.FromSeconds(30)) && writing.Result && first == 1;
    }

    private static void SpinUntilStarted(ref Thread? thread)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (Volatile.Read(ref thread) is null && Environment.TickCount64 < deadline)
        {
            Thread.Yield();
        }
    }
}
