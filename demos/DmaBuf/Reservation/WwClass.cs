namespace DmaBuf.Reservation;

/// <summary>A wound/wait lock class (<c>DEFINE_WD_CLASS</c>): its name and the stamp counter that ages contexts.</summary>
/// <param name="name">The class name, e.g. <c>reservation_ww_class</c>.</param>
/// <remarks>Thread-safe.</remarks>
public sealed class WwClass(string name)
{
    private long _stamp;

    /// <summary>Gets the class name.</summary>
    public string Name { get; } = name;

    internal long NextStamp() => Interlocked.Increment(ref _stamp);
}
