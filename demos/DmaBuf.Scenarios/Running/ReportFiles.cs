using Dept.Core.Snapshots;

namespace DmaBuf.Scenarios.Running;

/// <summary>
/// One JSON report per scenario (#14), <c>&lt;dir&gt;/&lt;id&gt;.json</c>, so each scenario's deadlocks open in the
/// viewer (<c>dept view</c>) or print in full (<c>dept show</c>).
/// </summary>
internal static class ReportFiles
{
    /// <summary>The default folder: <c>reports/</c> under the runner's output directory.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "reports");

    /// <summary>Writes each outcome's document; returns the files written, in order.</summary>
    /// <exception cref="IOException">The folder cannot be created or a file written.</exception>
    public static IReadOnlyList<string> Write(string directory, IEnumerable<ScenarioOutcome> outcomes)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Document is null)
            {
                continue;
            }

            var path = Path.Combine(directory, outcome.Scenario.Id + ".json");
            var temp = path + ".tmp";
            DeptDocumentJson.WriteFile(outcome.Document, temp);
            File.Move(temp, path, overwrite: true);
            files.Add(path);
        }

        return files;
    }
}
