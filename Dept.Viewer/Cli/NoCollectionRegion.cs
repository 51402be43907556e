using System.Runtime;

namespace Dept.Viewer.Cli;

/// <summary>
/// Runs a CLI command's work on its reports without garbage collections (#12): reading a 100k-class report allocates
/// millions of objects that all stay alive, so every collection during the read only copies them into older
/// generations (measured: a third to a half of the read's CPU). Ending the region after the read only moved that
/// cost: the first allocation of the next step (<c>merge</c>'s union, <c>export</c>'s view) then collected and
/// promoted the whole document, about as long as the step itself. So <c>merge</c> and <c>export</c> run read, work and
/// write in one region, and the other commands their read. The CLI is a short-lived process that holds the documents
/// to the end anyway; it asks the runtime for a region of a few times the input, and when the runtime refuses or the
/// work outgrows it (the runtime then collects and ends it), the work simply proceeds with collections as before.
/// </summary>
/// <remarks>
/// Process-wide, so only the CLI uses it, never the engine's reader inside a user's process. A region asked for
/// inside another is refused (the runtime allows one at a time), so a read inside a command's region runs in it.
/// </remarks>
internal static class NoCollectionRegion
{
    /// <summary>What reading alone allocates per input byte, with room: the file's bytes, then the document.</summary>
    public const double ForRead = 2.5;

    /// <summary>Read, union and write of <c>dept merge</c> per input byte (measured 2.1 on 100k-class shards).</summary>
    public const double ForMerge = 3.0;

    /// <summary>Read, view and export of <c>dept export</c> per input byte (measured 1.9 for DOT on a 100k-class report).</summary>
    public const double ForExport = 3.0;

    // The runtime refuses larger regions on some configurations (it must be able to commit them); then no region.
    private const long MaxBudget = 3L << 30;

    /// <summary>Runs <paramref name="work"/> in a region of <paramref name="perInputByte"/> times <paramref name="inputBytes"/>.</summary>
    public static T Run<T>(long inputBytes, double perInputByte, Func<T> work)
    {
        var started = false;
        try
        {
            // Never asked for inside another: the runtime refuses, and the refusal ended the region already running.
            started = inputBytes >= 16 << 20 && GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(Math.Min((long)(inputBytes * perInputByte), MaxBudget));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // Too large for this runtime's configuration, or a region already in progress: work as usual (or in it).
        }

        try
        {
            return work();
        }
        finally
        {
            // Work that allocated more than the budget has already ended the region (with a collection).
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
