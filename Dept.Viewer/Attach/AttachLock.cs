using System.Globalization;

namespace Dept.Viewer.Attach;

/// <summary>
/// Tells a second <c>dept attach</c> to the same process that it is the second (#13). ptrace allows one tracer, so
/// while one attach holds the target for a ClrMD snapshot the other's snapshots fail and its deadlocks have no
/// stacks: the user must hear it, not find it out. An exclusive lock on a file in the temporary folder, held for the
/// whole attach, released by the OS if dept dies.
/// </summary>
internal static class AttachLock
{
    /// <summary>Takes the lock for <paramref name="processId"/>; null when another attach holds it (or it cannot be taken).</summary>
    public static FileStream? TryTake(int processId)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dept-attach-{processId.ToString(CultureInfo.InvariantCulture)}.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The warning printed when <see cref="TryTake"/> returned null.</summary>
    public static string Warning(int processId, bool clrMd) =>
        $"another dept attach is already observing process {processId.ToString(CultureInfo.InvariantCulture)}" + (clrMd
            ? "; only one can snapshot it with ClrMD at a time (ptrace), so stacks may be missing from this one's reports"
            : "; both see the same runtime events");
}
