using System.Globalization;
using Dept.Core.Files;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The processes of one run sharing a report directory (#13): parallel test hosts, shards, a multi-process app. Each
/// process writes its own <c>dept-report.&lt;pid&gt;.json</c>; <c>dept-run.txt</c> lists the run's id and its processes, so
/// the merged <c>dept-report.json</c> takes theirs and only theirs. A process joins the run in the directory when
/// <c>DEPT_RUN_ID</c> names it, or (without that variable) when a process listed there still runs; otherwise it starts
/// a new run, which removes the previous run's per-process files and failure marker. All of it under
/// <c>dept-report.lock</c> (an exclusive lock on that file, shared by all processes).
/// </summary>
internal static class RunMembers
{
    /// <summary>The list of the run's processes.</summary>
    public const string RunFile = "dept-run.txt";

    /// <summary>The file locked while the run's files are read or written.</summary>
    public const string LockFile = "dept-report.lock";

    /// <summary>The environment variable naming the run (set by <c>dept test</c>; any string without spaces).</summary>
    public const string RunIdVariable = "DEPT_RUN_ID";

    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromSeconds(30);

    /// <summary><c>dept-report.&lt;pid&gt;.json</c>.</summary>
    public static string ReportOf(int pid) => $"dept-report.{pid.ToString(CultureInfo.InvariantCulture)}.json";

    /// <summary><c>dept-summary.&lt;pid&gt;.txt</c>.</summary>
    public static string SummaryOf(int pid) => $"dept-summary.{pid.ToString(CultureInfo.InvariantCulture)}.txt";

    /// <summary>
    /// Adds <paramref name="pid"/> to the run in <paramref name="directory"/> (starting a new run if none is going on).
    /// Caller holds the directory lock.
    /// </summary>
    public static void Join(string directory, int pid, string? runId)
    {
        // What killed processes left: their temporary files (any run), swept once per process and directory.
        OutputFile.RemoveStaleTemporaries(directory);
        var (currentId, members) = Read(directory);
        var joining = currentId is not null && (runId is not null ? runId == currentId : members.Exists(m => m != pid && IsAlive(m)));
        if (!joining)
        {
            foreach (var member in members)
            {
                Delete(Path.Combine(directory, ReportOf(member)));
                Delete(Path.Combine(directory, SummaryOf(member)));
            }

            Delete(Path.Combine(directory, RunOutput.FailedFile));
            currentId = runId ?? Guid.NewGuid().ToString("N");
            members = [];
        }

        if (!members.Contains(pid))
        {
            members.Add(pid);
        }

        var text = $"run {currentId}\n" + string.Concat(members.Select(static m => $"pid {m.ToString(CultureInfo.InvariantCulture)}\n"));
        OutputFile.Write(Path.Combine(directory, RunFile), s =>
        {
            using var w = new StreamWriter(s, leaveOpen: true);
            w.Write(text);
        });
    }

    /// <summary>The processes listed for the run in <paramref name="directory"/>. Caller holds the directory lock.</summary>
    public static IReadOnlyList<int> Members(string directory) => Read(directory).Members;

    /// <summary>Takes the directory's lock, waiting up to 30 s for another process to release it; null if it never does.</summary>
    public static FileStream? Lock(string directory)
    {
        var path = Path.Combine(directory, LockFile);
        var deadline = DateTime.UtcNow + s_lockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock() on Unix and a share-mode lock on Windows: across processes.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10); // another process holds it for one write; polling keeps this free of named kernel objects
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    private static (string? Id, List<int> Members) Read(string directory)
    {
        var path = Path.Combine(directory, RunFile);
        if (!File.Exists(path))
        {
            return (null, []);
        }

        string? id = null;
        var members = new List<int>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("run ", StringComparison.Ordinal))
            {
                id = line[4..].Trim();
            }
            else if (line.StartsWith("pid ", StringComparison.Ordinal) && int.TryParse(line[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                members.Add(pid);
            }
        }

        return (id, members);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file another user owns stays; the run file no longer lists it, so it is never merged.
        }
    }
}
