namespace Dept.Demos.Tests.Support;

/// <summary>A dedicated thread whose result a test collects with a bounded join (no blocking Task APIs).</summary>
internal sealed class TestThread<T>
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Thread _thread;
    private T? _result;
    private Exception? _error;

    private TestThread(Func<T> body)
    {
        _thread = new Thread(() =>
        {
            try
            {
                _result = body();
            }
            catch (Exception ex)
            {
                _error = ex;
            }
        })
        { IsBackground = true };
        _thread.Start();
    }

    public bool IsCompleted => !_thread.IsAlive;

    public static TestThread<T> Start(Func<T> body) => new(body);

    /// <summary>Waits at most <see cref="Patience"/>, fails the test otherwise, and returns the result.</summary>
    public T Join()
    {
        Assert.True(_thread.Join(Patience), "The thread did not finish in time.");
        return _error is null ? _result! : throw new InvalidOperationException("The thread failed.", _error);
    }

    /// <summary>Waits at most <paramref name="timeout"/>; true if the thread finished.</summary>
    public bool TryJoin(TimeSpan timeout) => _thread.Join(timeout);
}
