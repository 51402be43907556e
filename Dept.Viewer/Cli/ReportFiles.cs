using Dept.Core.Files;
using Dept.Core.Snapshots;
using Dept.Core.Text;

namespace Dept.Viewer.Cli;

/// <summary>
/// Reading report files and writing outputs for the CLI: clear one-line errors, never a partial output file, never
/// an input overwritten (#13). Every command's output goes through <see cref="Write"/>.
/// </summary>
internal static class ReportFiles
{
    /// <summary>
    /// Reads every report of <paramref name="paths"/>, in parallel (#12: every document is held by the caller anyway,
    /// so this costs no memory, and reading is most of a large merge's time); null after printing the error of the
    /// first bad one in the order given, exactly as if they had been read one by one.
    /// </summary>
    public static IReadOnlyList<DeptDocument>? TryReadAll(IReadOnlyList<string> paths, string command, TextWriter error)
    {
        var documents = new DeptDocument?[paths.Count];
        var errors = new StringWriter[paths.Count];
        NoCollectionRegion.Run(NoCollectionRegion.SizeOf(paths), NoCollectionRegion.ForRead, () => Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            errors[i] = new StringWriter();
            documents[i] = ReadOne(paths[i], command, errors[i], withoutDependencyStacks: false);
        }));
        for (var i = 0; i < paths.Count; i++)
        {
            if (documents[i] is null)
            {
                error.Write(errors[i].ToString());
                return null;
            }
        }

        return documents!;
    }

    /// <summary>Reads a <c>dept.report/2</c> file; on failure writes <c>dept &lt;command&gt;: &lt;problem&gt;</c> and returns null.</summary>
    /// <param name="path">The report file.</param>
    /// <param name="command">The command, for the error line.</param>
    /// <param name="error">Where the error line goes.</param>
    /// <param name="withoutDependencyStacks">
    /// True for commands that never show a dependency's stacks (export, view, stats): they are checked but not kept (#12).
    /// </param>
    public static DeptDocument? TryRead(string path, string command, TextWriter error, bool withoutDependencyStacks = false)
        => NoCollectionRegion.Run(NoCollectionRegion.SizeOf([path]), NoCollectionRegion.ForRead, () => ReadOne(path, command, error, withoutDependencyStacks));

    private static DeptDocument? ReadOne(string path, string command, TextWriter error, bool withoutDependencyStacks)
    {
        try
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                error.WriteLine($"dept {command}: {TerminalText.Clean(path)}: no such report file");
                return null;
            }

            // The engine's reader refuses what is not a regular file or too large, and names the file, the line and
            // position or the JSON path, and the problem.
            return withoutDependencyStacks ? DeptDocumentJson.ReadFileWithoutDependencyStacks(path) : DeptDocumentJson.ReadFile(path);
        }
        catch (DeptDocumentException ex)
        {
            error.WriteLine($"dept {command}: {TerminalText.Clean(ex.Message)}");
            return null;
        }
        catch (FileRefusedException ex)
        {
            error.WriteLine($"dept {command}: {TerminalText.Clean(ex.Message)}");
            return null;
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> through Dept's one output path (<see cref="OutputFile"/>): refused when it is one of
    /// <paramref name="inputs"/> or not a regular file; written beside and moved into place only when complete.
    /// </summary>
    /// <exception cref="IOException">Refused (<see cref="FileRefusedException"/>) or failed; the target is untouched.</exception>
    public static void Write(string path, IEnumerable<string> inputs, Action<Stream> write) => OutputFile.Write(path, write, inputs);

    /// <summary>Checks an output path before any work is done; on refusal writes the reason and returns false.</summary>
    public static bool CheckOutput(string path, IEnumerable<string> inputs, string command, TextWriter error)
    {
        try
        {
            OutputFile.Check(path, inputs);
            return true;
        }
        catch (IOException ex)
        {
            error.WriteLine($"dept {command}: cannot write {TerminalText.Clean(path)}: {TerminalText.Clean(ex.Message)}");
            return false;
        }
    }

    /// <summary>The first input named twice (the same file under two names counts), or null.</summary>
    public static (string First, string Second)? Duplicate(IReadOnlyList<string> paths)
    {
        var seen = new List<(FileStatus Status, string Path)>(paths.Count);
        foreach (var path in paths)
        {
            var status = FileStatus.Of(path, followLinks: true);
            foreach (var (other, otherPath) in seen)
            {
                if (status.SameFileAs(other))
                {
                    return (otherPath, path);
                }
            }

            seen.Add((status, path));
        }

        return null;
    }
}
