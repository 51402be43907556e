namespace Dept.Patches.Targets.Framework;

/// <summary>A counter guarded by a spin lock (class <c>Counter._spin</c>).</summary>
public sealed class Counter
{
    private SpinLock _spin = new(enableThreadOwnerTracking: true);

    public int Value { get; private set; }

    /// <summary>Adds under this counter's spin lock, then runs <paramref name="inside"/> still holding it.</summary>
    public void Add(int amount, Action? inside = null)
    {
        var taken = false;
        try
        {
            _spin.Enter(ref taken);
            Value += amount;
            inside?.Invoke();
        }
        finally
        {
            if (taken)
            {
                _spin.Exit();
            }
        }
    }
}

/// <summary>A gauge guarded by its own spin lock (class <c>Gauge._spin</c>), taken with a timeout.</summary>
public sealed class Gauge
{
    private SpinLock _spin = new(enableThreadOwnerTracking: true);

    public int Level { get; private set; }

    /// <summary>Sets the level under the spin lock, then runs <paramref name="inside"/> still holding it.</summary>
    public bool Set(int level, Action? inside = null)
    {
        var taken = false;
        try
        {
            _spin.TryEnter(Timeout.Infinite, ref taken);
            Level = level;
            inside?.Invoke();
            return taken;
        }
        finally
        {
            if (taken)
            {
                _spin.Exit(useMemoryBarrier: false);
            }
        }
    }
}
