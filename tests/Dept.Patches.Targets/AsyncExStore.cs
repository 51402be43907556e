using Nito.AsyncEx;
using Nito.AsyncEx.Synchronous;

namespace Dept.Patches.Targets;

/// <summary>Nito.AsyncEx locks used the ordinary ways (#9): awaited, synchronous, reader/writer, through WaitAndUnwrapException.</summary>
public sealed class AsyncExStore
{
    private readonly AsyncLock _first = new();
    private readonly AsyncLock _second = new();
    private readonly AsyncReaderWriterLock _table = new();
    private readonly AsyncReaderWriterLock _index = new();
    private int _value;

    public int Value => Volatile.Read(ref _value);

    public TaskCompletionSource<bool>? Pending { get; private set; }

    public async Task FirstThenSecond()
    {
        using (await _first.LockAsync())
        {
            await Task.Yield();
            using (await _second.LockAsync())
            {
                await Task.Yield();
                _value++;
            }
        }
    }

    public async Task SecondThenFirst()
    {
        using (await _second.LockAsync())
        {
            await Task.Yield();
            using (_first.Lock())
            {
                _value++;
            }
        }
    }

    /// <summary>The ordinary async mutex around a yield.</summary>
    public async Task Bump()
    {
        using (await _first.LockAsync())
        {
            await Task.Yield();
            _value++;
        }
    }

    /// <summary>Both locks in one order, each acquired synchronously through WaitAndUnwrapException.</summary>
    public int BothThroughHelper()
    {
        using (_first.LockAsync().AsTask().WaitAndUnwrapException())
        {
            using (_second.LockAsync().AsTask().WaitAndUnwrapException())
            {
                return ++_value;
            }
        }
    }

    /// <summary>Readers of two tables in opposite orders: readers never exclude each other.</summary>
    public async Task ReadTableThenIndex()
    {
        using (await _table.ReaderLockAsync())
        {
            await Task.Yield();
            using (await _index.ReaderLockAsync())
            {
                _value++;
            }
        }
    }

    public async Task ReadIndexThenTable()
    {
        using (await _index.ReaderLockAsync())
        {
            await Task.Yield();
            using (await _table.ReaderLockAsync())
            {
                _value++;
            }
        }
    }

    /// <summary>Writes the table, then reads the index; the mirror writes the table under an index read: a cycle.</summary>
    public async Task WriteTableThenReadIndex()
    {
        using (await _table.WriterLockAsync())
        {
            using (await _index.ReaderLockAsync())
            {
                _value++;
            }
        }
    }

    public async Task ReadIndexThenWriteTable()
    {
        using (await _index.ReaderLockAsync())
        {
            using (await _table.WriterLockAsync())
            {
                _value++;
            }
        }
    }

    /// <summary>Holds the lock while awaiting an approval another store gives under the same class of lock.</summary>
    public async Task<bool> AwaitApprovalUnderLock()
    {
        using (await _first.LockAsync())
        {
            Pending = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return await Pending.Task;
        }
    }

    public async Task Approve(TaskCompletionSource<bool> approval)
    {
        using (await _first.LockAsync())
        {
            approval.SetResult(true);
        }
    }
}
