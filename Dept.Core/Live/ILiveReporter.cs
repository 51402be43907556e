namespace Dept.Core.Live;

/// <summary>Where a <see cref="LiveDeadlockTracker"/> sends what it finds (#6).</summary>
/// <remarks>Called on the thread that runs <see cref="LiveDeadlockTracker.Tick"/> or posts events, never under the
/// tracker's lock. Implementations must be quick and must not throw (exceptions are caught and counted).</remarks>
public interface ILiveReporter
{
    /// <summary>A cycle of blocked threads/tasks was confirmed. Called once per cycle.</summary>
    void OnDeadlock(ActualDeadlock deadlock);

    /// <summary>A wait passed the hang threshold. Called once per wait.</summary>
    void OnHang(LiveHang hang);
}
