using Dept.Core.Snapshots;

namespace Dept.Viewer.Cli;

/// <summary>Reading report files and writing outputs for the CLI: clear errors, and never a partial output file.</summary>
internal static class ReportFiles
{
    /// <summary>Reads a <c>dept.report/1</c> file; on failure writes <c>dept &lt;command&gt;: &lt;problem&gt;</c> and returns null.</summary>
    public static DeptDocument? TryRead(string path, string command, TextWriter error)
    {
        try
        {
            if (!File.Exists(path))
            {
                error.WriteLine($"dept {command}: {path}: no such report file");
                return null;
            }

            // The engine's reader names the file, the line/position or the field, and the schema problem.
            return DeptDocumentJson.ReadFile(path);
        }
        catch (DeptDocumentException ex)
        {
            error.WriteLine($"dept {command}: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> through a temporary file in the same folder, moved into place only when
    /// <paramref name="write"/> finished: a failure leaves no file (and an existing file untouched).
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            throw new IOException($"{path}: the folder {dir} does not exist");
        }

        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
