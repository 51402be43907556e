namespace Dept.Benchmarks.Workload;

/// <summary>
/// A background thread that runs one batch each time it is started: a second thread for a benchmark that must not
/// pay a thread start and join per invocation. This assembly is not rewritten, so the hand-off events are not
/// tracked by Dept; the batch itself may run rewritten code.
/// </summary>
internal sealed class BatchWorker
{
    private readonly Func<int> _batch;
    private readonly ManualResetEventSlim _go = new(initialState: false);
    private readonly ManualResetEventSlim _done = new(initialState: false);
    private int _result;

    public BatchWorker(Func<int> batch)
    {
        _batch = batch;
        new Thread(Loop) { IsBackground = true, Name = "benchmark batch worker" }.Start();
    }

    /// <summary>Hands the worker its next batch.</summary>
    public void Start()
    {
        _done.Reset();
        _go.Set();
    }

    /// <summary>Waits for the batch handed by <see cref="Start"/> and returns its result.</summary>
    public int Finish()
    {
        _done.Wait();
        return _result;
    }

    private void Loop()
    {
        while (true)
        {
            _go.Wait();
            _go.Reset();
            _result = _batch();
            _done.Set();
        }
    }
}
