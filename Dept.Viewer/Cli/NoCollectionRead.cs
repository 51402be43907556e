using System.Runtime;

namespace Dept.Viewer.Cli;

/// <summary>
/// Runs a CLI command's report read without garbage collections (#12): reading a 100k-class report allocates a
/// million objects that all stay alive, so every gen-0 collection during the read only copies them into older
/// generations (measured: a third to a half of the read's CPU). The CLI is a short-lived process that holds the
/// documents anyway, so it asks the runtime for a no-collection region of 2.5 times the input (the file's bytes, then the
/// document); when the runtime
/// refuses or the read outgrows it, reading simply proceeds with collections as before.
/// </summary>
/// <remarks>Process-wide, so only the CLI uses it, never the engine's reader inside a user's process.</remarks>
internal static class NoCollectionRead
{
    // The runtime refuses larger regions on some configurations (it must be able to commit them); then no region.
    private const long MaxBudget = 3L << 30;

    public static T Run<T>(long inputBytes, Func<T> read)
    {
        var started = false;
        try
        {
            started = inputBytes >= 16 << 20 && GC.TryStartNoGCRegion(Math.Min(inputBytes * 5 / 2, MaxBudget));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // Too large for this runtime's configuration, or a region already in progress: read as usual.
        }

        try
        {
            return read();
        }
        finally
        {
            // A read that allocated more than the budget has already ended the region (with a collection).
            if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }

    /// <summary>The total size of the existing files among <paramref name="paths"/> (0 for the others).</summary>
    public static long SizeOf(IEnumerable<string> paths) => paths.Sum(static p =>
    {
        try
        {
            return File.Exists(p) ? new FileInfo(p).Length : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return 0;
        }
    });
}
