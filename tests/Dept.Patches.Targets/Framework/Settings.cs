namespace Dept.Patches.Targets.Framework;

/// <summary>Settings loaded lazily; loading takes the settings store's lock (one static lock: <c>Settings.s_store</c>).</summary>
public sealed class Settings
{
    private static readonly object s_store = new();
    private readonly Lazy<int> _values = new(Load);
    private int _ready;
    private bool _initialized;
    private object? _gate;
    private int? _cached;

    /// <summary>The latent bug: touches the lazy value while holding the store lock its factory takes.</summary>
    public int ReadUnderStoreLock()
    {
        lock (s_store)
        {
            return _values.Value;
        }
    }

    /// <summary>Touches the lazy value with no lock held (the factory then takes the store lock).</summary>
    public int Read() => _values.Value;

    /// <summary>The clean twin, double-checked: the lock guards only the cache, the lazy value is read outside it.</summary>
    public int ReadDoubleChecked()
    {
        lock (s_store)
        {
            if (_cached is { } cached)
            {
                return cached;
            }
        }

        var value = _values.Value;
        lock (s_store)
        {
            _cached ??= value;
            return _cached.Value;
        }
    }

    /// <summary><c>LazyInitializer.EnsureInitialized</c> with a lock, whose factory takes the store lock.</summary>
    public int EnsureReady() => LazyInitializer.EnsureInitialized(ref _ready, ref _initialized, ref _gate, static () => Load());

    /// <summary>The same under the store lock: the latent bug with <c>EnsureInitialized</c>.</summary>
    public int EnsureReadyUnderStoreLock()
    {
        lock (s_store)
        {
            return EnsureReady();
        }
    }

    private static int Load()
    {
        lock (s_store)
        {
            return 42;
        }
    }
}
