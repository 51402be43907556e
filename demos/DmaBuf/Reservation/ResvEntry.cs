using DmaBuf.Fences;

namespace DmaBuf.Reservation;

/// <summary>One fence slot of a reservation object.</summary>
/// <param name="Fence">The fence.</param>
/// <param name="Usage">How it is used.</param>
public readonly record struct ResvEntry(Fence Fence, DmaResvUsage Usage);
