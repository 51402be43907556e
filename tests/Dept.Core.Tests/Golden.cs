using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Dept.Core.Tests;

/// <summary>
/// Compares text with a checked-in expected file under <c>Golden/</c> (no snapshot package is available here).
/// Set DEPT_UPDATE_GOLDEN=1 to rewrite the files after an intended format change, then review the diff.
/// </summary>
internal static partial class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        actual = ThreadIds().Replace(actual.ReplaceLineEndings("\n"), "#N");
        var dir = FindGoldenDirectory(Path.GetDirectoryName(callerFile)!);
        var path = Path.Combine(dir, name);
        if (Environment.GetEnvironmentVariable("DEPT_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with DEPT_UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }

    private static string FindGoldenDirectory(string start)
    {
        for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, "Golden");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no Golden folder above {start}");
    }

    [GeneratedRegex("#[0-9]+")]
    private static partial Regex ThreadIds();
}
