using System.Threading.Channels;

namespace Dept.Patches.Targets.Framework;

/// <summary>Stages of a pipeline sharing one bounded channel, each with its own lock (one class: <c>Pipeline._sync</c>).</summary>
public sealed class Pipeline(Channel<int> channel)
{
    private readonly object _sync = new();
    private readonly ChannelWriter<int> _writer = channel.Writer;
    private readonly ChannelReader<int> _reader = channel.Reader;

    public int Count { get; private set; }

    /// <summary>A bounded channel of <paramref name="capacity"/> created here (its creation site is its class when held in no field).</summary>
    public static Channel<int> Create(int capacity) => Channel.CreateBounded<int>(capacity);

    /// <summary>The latent bug: writes to the full channel (blocking on it) under the stage lock; readers take that lock before reading.</summary>
    public bool WriteUnderLock(int item)
    {
        lock (_sync)
        {
            Count++;
            return _writer.WriteAsync(item).AsTask().Wait(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The clean twin: writes without the lock.</summary>
    public bool WriteThenLock(int item)
    {
        var written = _writer.WriteAsync(item).AsTask().Wait(TimeSpan.FromSeconds(30));
        lock (_sync)
        {
            Count++;
        }

        return written;
    }

    /// <summary>Fills the channel without waiting.</summary>
    public bool Offer(int item) => _writer.TryWrite(item);

    /// <summary>A reader that takes its stage lock, then reads one item.</summary>
    public int Read()
    {
        lock (_sync)
        {
            Count--;
        }

        return _reader.TryRead(out var item) ? item : -1;
    }
}
