namespace Dept.Core.Graph;

/// <summary>A growable int array stored by value inside node arrays (no object per node until it has edges).</summary>
internal struct IntList
{
    public int[]? Items;
    public int Count;

    public void Add(int value)
    {
        if (Items is null)
        {
            Items = new int[4];
        }
        else if (Count == Items.Length)
        {
            Array.Resize(ref Items, Count * 2);
        }

        Items[Count++] = value;
    }

    public readonly ReadOnlySpan<int> AsSpan() => Items is null ? default : Items.AsSpan(0, Count);

    public readonly long ApproximateBytes => Items is null ? 0 : 24 + (Items.Length * 4L);
}
