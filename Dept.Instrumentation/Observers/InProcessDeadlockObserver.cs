using Dept.Core.Live;

namespace Dept.Instrumentation.Observers;

/// <summary>
/// The in-process backstop (#6): watches the runtime's own contention and wait-handle events inside an
/// instrumented run, so locks taken in code that was not rewritten (the BCL, third-party libraries) still show up
/// when they really deadlock. Reports are actual deadlocks and hangs, through <see cref="LiveOptions.Reporter"/>.
/// </summary>
/// <remarks>
/// Thread-safe. The listener's callbacks only queue events; a timer thread applies them and reports, so the
/// runtime's dispatcher thread is never blocked and nothing is thrown into user code. Locks that are never
/// contended are invisible (the runtime raises nothing for them); use the rewriter for potential deadlocks.
/// </remarks>
public sealed class InProcessDeadlockObserver : IDisposable
{
    private readonly RuntimeEventListener _listener;
    private readonly ITimer _timer;
    private int _ticking;
    private int _stopped;

    private InProcessDeadlockObserver(InProcessObserverOptions options)
    {
        Tracker = new LiveDeadlockTracker(options.Live);
        _listener = new RuntimeEventListener();
        _listener.Attach(Tracker, options.ObserveTasks);
        _timer = options.Live.TimeProvider.CreateTimer(_ => Poll(), null, options.PollInterval, options.PollInterval);
    }

    /// <summary>The tracker fed by this observer.</summary>
    public LiveDeadlockTracker Tracker { get; }

    /// <summary>True once <see cref="Stop"/> ran.</summary>
    public bool IsStopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Starts listening; throws <see cref="ArgumentOutOfRangeException"/> for invalid options.</summary>
    public static InProcessDeadlockObserver Start(InProcessObserverOptions? options = null) =>
        new((options ?? new InProcessObserverOptions()).Validate());

    /// <summary>
    /// Starts the backstop for an instrumented run: actual deadlocks are published into <paramref name="engine"/>
    /// (its reports, documents and endpoint) and go to its reporters as
    /// <see cref="Core.Reports.DeptReportKind.ActualDeadlock"/> reports, hangs to <see cref="Core.Diagnostics.DeptSelfLog"/>.
    /// Any <see cref="LiveOptions.Reporter"/> already set in <paramref name="options"/> is replaced.
    /// </summary>
    public static InProcessDeadlockObserver StartFor(Core.Tracking.DeptEngine engine, InProcessObserverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        options ??= new InProcessObserverOptions();
        options.Live.Reporter = new DeptReporterBridge(new EnginePublisher(engine));
        return Start(options);
    }

    /// <summary>Applies pending events and returns what is known now.</summary>
    public LiveSnapshot Snapshot() => Tracker.Snapshot();

    /// <summary>Stops listening and applies what was already received. Idempotent.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _timer.Dispose();
        _listener.Dispose();
        Poll();
    }

    /// <inheritdoc cref="Stop"/>
    public void Dispose() => Stop();

    private void Poll()
    {
        // Timer callbacks may overlap when a reporter is slow; one tick at a time is enough.
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            Tracker.Tick();
        }
        catch (Exception)
        {
            // The tracker does not throw by design; this keeps a timer thread from ever taking the process down.
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
