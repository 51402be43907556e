using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Writes the run's report files off the user's threads (#13). A cycle found on a user thread only marks the report
/// dirty and wakes this writer: the first write follows at once, later ones are coalesced: after a write the writer
/// waits <c>interval</c> or as long as that write took, whichever is longer, so it never uses more than half a core and
/// cycles found meanwhile are written together. 2,000 cycles cost the program a flag and a wake-up each, not 2,000
/// whole-report rewrites on the threads that found them. The interval is short because vstest kills a test host about
/// 100 ms after its last test: the files must be current by then. <see cref="Stop"/> ends the thread; the exit handler then writes the final state itself.
/// </summary>
/// <remarks>Thread-safe. <see cref="Request"/> never blocks and never throws.</remarks>
internal sealed class BackgroundReportWriter
{
    private readonly Action _write;
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _wake = new(initialState: false);
    private readonly ManualResetEventSlim _stop = new(initialState: false);
    private readonly Thread _thread;
    private int _dirty;
    private volatile bool _stopping;
    private long _writes;

    public BackgroundReportWriter(Action write, TimeSpan interval)
    {
        _write = write;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "dept report writer" };
        _thread.Start();
    }

    /// <summary>How many writes the background thread has done (tests, the documentation's figures).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>True while a requested write has not started yet.</summary>
    public bool Pending => Volatile.Read(ref _dirty) != 0;

    /// <summary>Asks for a write soon: within one interval of the previous write.</summary>
    public void Request()
    {
        Volatile.Write(ref _dirty, 1);
        _wake.Set();
    }

    /// <summary>Stops the thread, waiting up to <paramref name="timeout"/> for a write in progress; idempotent.</summary>
    /// <returns>False if a write in progress did not end in time (the caller writes anyway; writes are serialized).</returns>
    public bool Stop(TimeSpan timeout)
    {
        _stopping = true;
        _stop.Set();
        _wake.Set();
        return Thread.CurrentThread == _thread || _thread.Join(timeout);
    }

    private void Run()
    {
        // The writer's own waits and locks are Dept's, never the user's: nothing here may enter the graph.
        using var suppress = DeptContext.Suppress();
        while (true)
        {
            _wake.Wait();
            if (_stopping)
            {
                return;
            }

            _wake.Reset();
            if (Interlocked.Exchange(ref _dirty, 0) == 0)
            {
                continue;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            _write();
            Interlocked.Increment(ref _writes);
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);

            // Coalesce: cycles found during the next interval are written together (requests set _wake, which is only
            // looked at after the interval). A stop request cuts it short.
            if (_stop.Wait(took > _interval ? took : _interval))
            {
                return;
            }
        }
    }
}
