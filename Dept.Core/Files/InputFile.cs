using System.Globalization;

namespace Dept.Core.Files;

/// <summary>
/// Reads an input file whole, bounded: only regular files (a FIFO would block forever, <c>/dev/zero</c> never ends),
/// at most <see cref="MaxBytes"/> bytes (#13).
/// </summary>
internal static class InputFile
{
    /// <summary>The environment variable that raises or lowers the size limit of report files (bytes).</summary>
    public const string MaxBytesVariable = "DEPT_MAX_REPORT_BYTES";

    /// <summary>The default size limit: 2 GiB, the largest array the reader can hold.</summary>
    public const long DefaultMaxBytes = int.MaxValue - 64;

    /// <summary>The size limit in force: <c>DEPT_MAX_REPORT_BYTES</c> when set, else <see cref="DefaultMaxBytes"/>.</summary>
    /// <exception cref="FileRefusedException">The variable is not a positive whole number of bytes.</exception>
    public static long MaxBytes(Func<string, string?>? getVariable = null)
    {
        var text = (getVariable ?? Environment.GetEnvironmentVariable)(MaxBytesVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultMaxBytes;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > DefaultMaxBytes)
        {
            throw new FileRefusedException($"{MaxBytesVariable}='{text}' is not a number of bytes between 1 and {DefaultMaxBytes}");
        }

        return value;
    }

    /// <summary>Reads <paramref name="path"/>; refuses what is not a regular file or is larger than <paramref name="maxBytes"/>.</summary>
    /// <exception cref="FileRefusedException">Missing, not a regular file, or too large; the message says which.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var stream = Open(path, maxBytes);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        if (stream.ReadByte() >= 0)
        {
            throw new FileRefusedException($"{path} grew while it was read; read it again when its writer is done");
        }

        return bytes;
    }

    /// <summary>Opens <paramref name="path"/> for reading with the checks of <see cref="ReadAllBytes"/>.</summary>
    /// <exception cref="FileRefusedException">Missing, not a regular file, or too large; the message says which.</exception>
    public static FileStream Open(string path, long maxBytes)
    {
        var status = FileStatus.Of(path, followLinks: true);
        if (status.Kind == FileKind.Missing)
        {
            throw new FileRefusedException($"{path}: no such file");
        }

        if (status.Kind != FileKind.Regular)
        {
            throw new FileRefusedException($"{path} is {FileStatus.Describe(status.Kind)}, not a regular file; Dept reads reports from regular files only");
        }

        if (status.Size > maxBytes)
        {
            throw TooLarge(path, status.Size, maxBytes);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        if (stream.Length > maxBytes)
        {
            var length = stream.Length;
            stream.Dispose();
            throw TooLarge(path, length, maxBytes);
        }

        return stream;
    }

    /// <summary>A size in the unit a person reads: <c>4.3 GB</c>, <c>12 MB</c>, <c>900 bytes</c>.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    private static FileRefusedException TooLarge(string path, long size, long max) =>
        new($"{path} is {Size(size)}, over the {Size(max)} limit for report files; raise it with {MaxBytesVariable}=<bytes> if the file is really a report");
}
