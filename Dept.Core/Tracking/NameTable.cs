namespace Dept.Core.Tracking;

/// <summary>Interned strings by id (1-based; 0 is none): thread names and stack frames. Not thread-safe (graph lock).</summary>
internal sealed class NameTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [string.Empty];
    private long _chars;

    // The last name interned, by reference: a thread's name is one string object, interned again for each new
    // dependency it sees, and hashing it each time cost more than the rest of the record (issue #12).
    private string? _last;
    private int _lastId;

    public int Count => _names.Count - 1;

    /// <summary>Approximate bytes held (the strings and the index).</summary>
    public long ApproximateBytes => (_chars * 2) + (Count * 64L);

    public int Intern(string? name)
    {
        if (name is null)
        {
            return 0;
        }

        if (ReferenceEquals(name, _last))
        {
            return _lastId;
        }

        if (!_ids.TryGetValue(name, out var id))
        {
            id = _names.Count;
            _names.Add(name);
            _ids.Add(name, id);
            _chars += name.Length;
        }

        _last = name;
        _lastId = id;
        return id;
    }

    public string? this[int id] => id == 0 ? null : _names[id];
}
