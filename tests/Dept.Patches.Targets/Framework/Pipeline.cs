using System.Threading.Channels;

namespace Dept.Patches.Targets.Framework;

/// <summary>Stages of a pipeline sharing one bounded channel, each with its own async lock (one class: <c>Pipeline._gate</c>).</summary>
public sealed class Pipeline(Channel<int> channel)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _pending;
    private readonly ChannelWriter<int> _writer = channel.Writer;
    private readonly ChannelReader<int> _reader = channel.Reader;

    public int Count { get; private set; }

    /// <summary>A bounded channel of <paramref name="capacity"/> created here (its creation site is its class when held in no field).</summary>
    public static Channel<int> Create(int capacity) => Channel.CreateBounded<int>(capacity);

    /// <summary>Whether a write of this stage is pending on a full channel.</summary>
    public bool WritePending => Volatile.Read(ref _pending) != 0;

    /// <summary>The latent bug: awaits a write to the full channel while holding the stage's async lock; readers take that lock before reading.</summary>
    public async Task<bool> WriteUnderGateAsync(int item)
    {
        await _gate.WaitAsync();
        try
        {
            Count++;
            await Pending(_writer.WriteAsync(item));
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The clean twin: writes without the async lock, then takes it to count.</summary>
    public async Task<bool> WriteThenGateAsync(int item)
    {
        await Pending(_writer.WriteAsync(item));
        await _gate.WaitAsync();
        try
        {
            Count++;
        }
        finally
        {
            _gate.Release();
        }

        return true;
    }

    /// <summary>A reader that takes its stage's async lock, then reads one item.</summary>
    public async Task<int> ReadAsync()
    {
        await _gate.WaitAsync();
        try
        {
            Count--;
        }
        finally
        {
            _gate.Release();
        }

        return _reader.TryRead(out var item) ? item : -1;
    }

    /// <summary>Fills the channel without waiting.</summary>
    public bool Offer(int item) => _writer.TryWrite(item);

    private ValueTask Pending(ValueTask write)
    {
        if (!write.IsCompleted)
        {
            Volatile.Write(ref _pending, 1);
        }

        return write;
    }
}
