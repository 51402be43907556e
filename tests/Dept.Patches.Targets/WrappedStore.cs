namespace Dept.Patches.Targets;

/// <summary>Async locks acquired inside async helpers that return a releaser, the hand-rolled AsyncLock pattern (#9).</summary>
public sealed class WrappedStore
{
    private readonly SemaphoreSlim _a = new(1, 1);
    private readonly SemaphoreSlim _b = new(1, 1);

    public int Value { get; private set; }

    public async Task<IDisposable> LockAAsync()
    {
        await _a.WaitAsync();
        return new Releaser(_a);
    }

    public async Task<IDisposable> LockBAsync()
    {
        await _b.WaitAsync();
        return new Releaser(_b);
    }

    public async Task AThenB()
    {
        using (await LockAAsync())
        {
            await Task.Yield();
            using (await LockBAsync())
            {
                Value++;
            }
        }
    }

    public async Task BThenA()
    {
        using (await LockBAsync())
        {
            await Task.Yield();
            using (await LockAAsync())
            {
                Value++;
            }
        }
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
