namespace DmaBuf.Fences;

/// <summary>Fence operations for a driver that signals every fence itself and needs nothing but names.</summary>
/// <param name="driverName">The driver name.</param>
/// <param name="timelineName">The timeline name.</param>
public sealed class NamedFenceOps(string driverName, string timelineName) : FenceOps
{
    /// <inheritdoc/>
    public override string GetDriverName(Fence fence) => driverName;

    /// <inheritdoc/>
    public override string GetTimelineName(Fence fence) => timelineName;
}
