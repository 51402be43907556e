namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Where a run's report goes: the configured directory, else <c>TestResults/dept</c> under the nearest directory
/// above the application base that holds a project file (the test project: <c>bin/Debug/net10.0</c> is below it),
/// else <c>TestResults/dept</c> under the application base.
/// </summary>
internal static class ReportDirectory
{
    /// <summary>Resolves the directory; <paramref name="configured"/> wins when set.</summary>
    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var root = ProjectDirectory(AppContext.BaseDirectory) ?? AppContext.BaseDirectory;
        return Path.Combine(root, "TestResults", "dept");
    }

    internal static string? ProjectDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any() || dir.EnumerateFiles("*.fsproj").Any() || dir.EnumerateFiles("*.vbproj").Any())
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
