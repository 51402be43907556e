using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The report directory of a run seen from outside it (#13): <c>dept test</c> and build scripts call
/// <see cref="Merge"/> after the run, so the merged <c>dept-report.json</c> holds every process's cycles even when the
/// last process was killed before it could merge (docs/reference/report-directory.md).
/// </summary>
public static class DeptRunReports
{
    /// <summary>The environment variable naming the run: processes with the same value share one merged report.</summary>
    public const string RunIdVariable = RunMembers.RunIdVariable;

    /// <summary>
    /// Merges the per-process reports of the run in <paramref name="directory"/> into its <c>dept-report.json</c> and
    /// <c>dept-summary.txt</c>; returns the merged document, or null when the run wrote no per-process report.
    /// </summary>
    /// <exception cref="IOException">The merged files could not be written.</exception>
    /// <exception cref="DeptDocumentException">A per-process report is unreadable; the message names it.</exception>
    public static DeptDocument? Merge(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            return null;
        }

        using var directoryLock = RunMembers.Lock(directory);
        var documents = RunMembers.Members(directory)
            .Select(pid => Path.Combine(directory, RunMembers.ReportOf(pid)))
            .Where(File.Exists)
            .Select(path => DeptDocumentJson.ReadFile(path))
            .ToList();
        if (documents.Count == 0)
        {
            return null;
        }

        var merged = RunMerge.Merge(documents);
        var reportPath = Path.Combine(directory, RunOutput.ReportFile);
        DeptDocumentJson.WriteFile(merged, reportPath);
        Core.Files.OutputFile.Write(Path.Combine(directory, RunOutput.SummaryFile), s =>
        {
            using var w = new StreamWriter(s, leaveOpen: true);
            w.Write(RunSummary.Render(merged, reportPath, File.Exists(Path.Combine(directory, RunOutput.FailedFile))));
        });
        return merged;
    }
}
