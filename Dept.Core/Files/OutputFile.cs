using System.Globalization;

namespace Dept.Core.Files;

/// <summary>
/// The one way Dept writes an output file (CLI exports and merges, attach reports, run reports): refuses a target
/// that is one of the command's inputs (by device and inode, so another name for the same file is caught too),
/// refuses to replace anything but a regular file (a symbolic link, a device, a FIFO, a directory), refuses a
/// read-only file, writes a temporary file beside the target and renames it over the target only when complete
/// (a reader never sees half a file; a failure leaves the target untouched), keeps the replaced file's mode, and
/// removes its temporary files, including those a killed process left behind.
/// </summary>
/// <remarks>Thread-safe: every call uses its own temporary file. Issue #13.</remarks>
internal static class OutputFile
{
    /// <summary>The suffix of Dept's temporary files: <c>.{name}.{pid}.{random}.dept-tmp</c> beside the target.</summary>
    public const string TemporarySuffix = ".dept-tmp";

    private static readonly TimeSpan s_abandoned = TimeSpan.FromDays(1);

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, refusing it if it is one of <paramref name="inputs"/>.</summary>
    /// <param name="path">The target.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="inputs">The command's inputs, which the target must not be.</param>
    /// <param name="durable">
    /// True (the default) to flush the content to the disk before the rename, so that even an operating-system crash
    /// never leaves a renamed but empty file. False for files rewritten continuously while a program runs (the run
    /// reports, #13): the rename alone already keeps them whole for any reader and through a killed process (the
    /// kernel holds the data), and a flush to disk per write is what made a write outlast a test host's last 100 ms.
    /// </param>
    /// <exception cref="FileRefusedException">The target may not be replaced; the message says why.</exception>
    /// <exception cref="IOException">Writing failed (disk full, permissions); the target is untouched.</exception>
    public static void Write(string path, Action<Stream> write, IEnumerable<string>? inputs = null, bool durable = true)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Check(path, inputs);
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        var mode = ExistingMode(full);
        RemoveStaleTemporaries(dir, name);
        var temp = Path.Combine(dir, $".{name}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid().ToString("N")[..8]}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                if (durable && stream.CanWrite)
                {
                    // Durable before the rename, so a crash never leaves a renamed but empty file. (A writer that
                    // closed the stream itself has flushed it to the kernel already.)
                    stream.Flush(flushToDisk: true);
                }
            }

            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, m);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Checks that <paramref name="path"/> may be written; returns its full path.</summary>
    /// <exception cref="FileRefusedException">It may not; the message says why.</exception>
    public static string Check(string path, IEnumerable<string>? inputs = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new FileRefusedException("the output path is empty");
        }

        var full = Path.GetFullPath(path);
        if (Path.EndsInDirectorySeparator(path) || Directory.Exists(full))
        {
            throw new FileRefusedException($"{path} is a directory; give a file name");
        }

        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            throw new FileRefusedException($"{path}: the folder {dir} does not exist");
        }

        var target = FileStatus.Of(full, followLinks: false);
        if (target.Kind is not (FileKind.Missing or FileKind.Regular))
        {
            throw new FileRefusedException($"{path} is {FileStatus.Describe(target.Kind)}; Dept only replaces regular files (write to a new file name)");
        }

        if (target.Kind == FileKind.Regular)
        {
            foreach (var input in inputs ?? [])
            {
                if (FileStatus.Of(input, followLinks: true).SameFileAs(target))
                {
                    throw new FileRefusedException($"{path} is the input {input}; write the output to another file (the input would be lost)");
                }
            }

            CheckWritable(path, full);
        }

        return full;
    }

    /// <summary>
    /// Deletes temporary files of <paramref name="fileName"/> in <paramref name="directory"/> left by processes that no
    /// longer run (a kill -9 during a write), and those older than a day whatever their process id says.
    /// </summary>
    public static void RemoveStaleTemporaries(string directory, string fileName) =>
        RemoveStale(directory, $".{fileName}.*{TemporarySuffix}", $"{fileName}.tmp*");

    /// <summary>Deletes every abandoned temporary file of Dept's in <paramref name="directory"/>, whatever its target.</summary>
    public static void RemoveStaleTemporaries(string directory) => RemoveStale(directory, $".*{TemporarySuffix}", "dept-*.tmp*");

    private static void RemoveStale(string directory, string pattern, string legacyPattern)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, pattern)
                .Concat(Directory.EnumerateFiles(directory, legacyPattern)) // written by Dept before #13
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var file in candidates)
        {
            if (IsAbandoned(file))
            {
                TryDelete(file);
            }
        }
    }

    // ".{name}.{pid}.{random}.dept-tmp", or before #13 "{name}.tmp" and "{name}.tmp.tmp-{pid}" (no pid: abandoned).
    private static bool IsAbandoned(string file)
    {
        var name = Path.GetFileName(file);
        var parts = name.EndsWith(TemporarySuffix, StringComparison.Ordinal) ? name[..^TemporarySuffix.Length].Split('.') : [];
        var pidText = parts.Length >= 3 ? parts[^2] : name[(name.LastIndexOf('-') + 1)..];
        try
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > s_abandoned)
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || (pid != Environment.ProcessId && !ProcessIsAlive(pid));
    }

    private static bool ProcessIsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void CheckWritable(string path, string full)
    {
        if (OperatingSystem.IsWindows())
        {
            if (File.GetAttributes(full).HasFlag(FileAttributes.ReadOnly))
            {
                throw new FileRefusedException($"{path} is read-only; Dept does not replace read-only files");
            }
        }
        else if ((File.GetUnixFileMode(full) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
        {
            // Checked on the mode, not on access: root may write anything, and would otherwise replace a 444 file.
            throw new FileRefusedException($"{path} is read-only; Dept does not replace read-only files (make it writable or write elsewhere)");
        }

        try
        {
            // Opening for writing without truncating proves the user may change it, and changes nothing.
            using var probe = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new FileRefusedException($"{path} is not writable by this user; Dept does not replace it", ex);
        }
    }

    private static UnixFileMode? ExistingMode(string full)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(full))
        {
            return null;
        }

        return File.GetUnixFileMode(full);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a later write of the same target removes it as stale.
        }
    }
}
