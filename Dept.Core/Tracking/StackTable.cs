using Dept.Core.Graph;

namespace Dept.Core.Tracking;

/// <summary>
/// Captured stacks, compact: each distinct frame text is stored once (<see cref="NameTable"/>), a stack is an array of
/// frame ids, and equal stacks are stored once. With <see cref="Options.DeptOptions.ShareStacksBySite"/> a stack is
/// also remembered per pair of sites, so a new dependency first seen at the same two call sites as an earlier one
/// reuses its stack instead of walking the thread's stack again. Not thread-safe (graph lock).
/// </summary>
internal sealed class StackTable
{
    private readonly NameTable _frames = new();
    private readonly Dictionary<int[], int> _ids = new(FrameIdsComparer.Instance);
    private readonly List<int[]> _stacks = [[]];
    private readonly Dictionary<long, int> _bySites = new(MixedKeyComparer.Instance);
    private long _frameIds;

    /// <summary>Gets the number of distinct stacks.</summary>
    public int Count => _stacks.Count - 1;

    /// <summary>Approximate bytes held.</summary>
    public long ApproximateBytes => _frames.ApproximateBytes + (_frameIds * 4) + (Count * 64L) + (_bySites.Count * 24L);

    /// <summary>Stores a stack and returns its id (0 for an empty one).</summary>
    public int Add(IReadOnlyList<string> frames)
    {
        if (frames.Count == 0)
        {
            return 0;
        }

        var ids = new int[frames.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = _frames.Intern(frames[i]);
        }

        if (!_ids.TryGetValue(ids, out var id))
        {
            id = _stacks.Count;
            _stacks.Add(ids);
            _ids.Add(ids, id);
            _frameIds += ids.Length;
        }

        return id;
    }

    /// <summary>Gets the frames of a stack.</summary>
    public IReadOnlyList<string> this[int id]
    {
        get
        {
            if (id == 0)
            {
                return [];
            }

            var ids = _stacks[id];
            var frames = new string[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                frames[i] = _frames[ids[i]]!;
            }

            return frames;
        }
    }

    /// <summary>Finds the stack remembered for a pair of sites (both ids non-zero).</summary>
    public bool TryGetBySites(int first, int second, out int stack)
        => _bySites.TryGetValue(((long)first << 32) | (uint)second, out stack);

    /// <summary>Remembers the stack captured at a pair of sites.</summary>
    public void SetBySites(int first, int second, int stack) => _bySites[((long)first << 32) | (uint)second] = stack;

    private sealed class FrameIdsComparer : IEqualityComparer<int[]>
    {
        public static readonly FrameIdsComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
