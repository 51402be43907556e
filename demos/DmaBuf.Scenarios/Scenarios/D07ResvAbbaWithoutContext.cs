using DmaBuf.Reservation;
using DmaBuf.Scenarios.Running;

namespace DmaBuf.Scenarios.Scenarios;

/// <summary>
/// D7: two reservation objects locked in opposite orders without an acquire context, the ABBA hazard wound/wait
/// mutexes exist to remove. First the correct twin runs, with real contention: two acquire contexts, the younger
/// gets <c>-EDEADLK</c>, backs off, takes the contended lock slowly and retries; it must produce nothing. Then
/// the buggy version runs, one thread after the other, so it cannot hang.
/// </summary>
public sealed class D07ResvAbbaWithoutContext : Scenario
{
    /// <inheritdoc/>
    public override string Id => "D7";

    /// <inheritdoc/>
    public override string Title => "ABBA on reservations without an acquire context";

    /// <inheritdoc/>
    public override string Models => "T1 locks A then B, T2 B then A, both without ww_acquire_ctx; the ww-ctx twin with back-off runs first and must stay silent";

    /// <inheritdoc/>
    public override ScenarioExpectation Expectation => ScenarioExpectation.DeptCycle;

    /// <summary>Gets how many times the twin's younger context backed off (at least once when contention happened).</summary>
    public int BackOffs { get; private set; }

    /// <inheritdoc/>
    public override void Run(ScenarioWorld world)
    {
        var a = new ReservationObject(world.Runtime);
        var b = new ReservationObject(world.Runtime);
        RunCorrectTwin(world.Runtime, a, b);

        ScenarioWorld.OnThread("abba-1", () =>
        {
            a.Lock();
            b.Lock();
            b.Unlock();
            a.Unlock();
        });
        ScenarioWorld.OnThread("abba-2", () =>
        {
            b.Lock();
            a.Lock();
            a.Unlock();
            b.Unlock();
        });
    }

    private void RunCorrectTwin(DmaRuntime runtime, ReservationObject a, ReservationObject b)
    {
        // A bare rendezvous (not a BCL barrier, which Dept would track): both hold their first lock before either
        // asks for its second, so the younger context really meets the older one's lock and must back off.
        var arrived = 0;
        void FirstLocked()
        {
            Interlocked.Increment(ref arrived);
            var spin = default(SpinWait);
            while (Volatile.Read(ref arrived) < 2)
            {
                spin.SpinOnce();
            }
        }

        var older = new WwAcquireContext(runtime);
        var younger = new WwAcquireContext(runtime);
        var backOffs = 0;
        ScenarioWorld.Parallel("ww-twin", 2, i =>
        {
            var (context, order) = i == 0 ? (older, new[] { a, b }) : (younger, new[] { b, a });
            Interlocked.Add(ref backOffs, WwTransaction.LockAll(context, order, FirstLocked));
            WwTransaction.UnlockAll(order);
            context.Dispose();
        });
        BackOffs = backOffs;
    }
}
