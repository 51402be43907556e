namespace Dept.Patches.Targets;

/// <summary>Two async locks (binary semaphores) taken across awaits, in either order, and an ordinary lock.</summary>
public sealed class AsyncStore : IDisposable
{
    private readonly SemaphoreSlim _a = new(1, 1);
    private readonly SemaphoreSlim _b = new(1, 1);
    private readonly object _sync = new();
    private int _value;

    public int Value => Volatile.Read(ref _value);

    public async Task AThenB()
    {
        await _a.WaitAsync();
        try
        {
            await Task.Yield();
            await _b.WaitAsync();
            try
            {
                await Task.Yield();
                _value++;
            }
            finally
            {
                _b.Release();
            }
        }
        finally
        {
            _a.Release();
        }
    }

    public async Task BThenA()
    {
        await _b.WaitAsync();
        try
        {
            await Task.Yield();
            await _a.WaitAsync();
            try
            {
                await Task.Yield();
                _value++;
            }
            finally
            {
                _a.Release();
            }
        }
        finally
        {
            _b.Release();
        }
    }

    /// <summary>The async lock around a yield and a short sync lock: the ordinary async mutex.</summary>
    public async Task Bump()
    {
        await _a.WaitAsync();
        try
        {
            await Task.Yield();
            lock (_sync)
            {
                _value++;
            }
        }
        finally
        {
            _a.Release();
        }
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
