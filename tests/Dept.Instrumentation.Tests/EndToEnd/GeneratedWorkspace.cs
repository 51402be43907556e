using System.Collections.Concurrent;
using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// One temporary workspace for the user's-journey runs (#14): a small generated test project per framework and a
/// console app, each with a latent AB-BA, built by the real <c>dotnet</c> and the repository's <c>dept</c> CLI. Each
/// framework is built and run on first use only (about 15-40 s each on 2 cores, package restore aside), so a
/// filtered run pays only for what it runs. The workspace root holds empty Directory.Build/Packages files, so
/// nothing of an enclosing tree leaks into the generated projects.
/// </summary>
public sealed class GeneratedWorkspace : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<FrameworkRuns>> _frameworks = new();
    private readonly Lazy<AppRuns> _app;

    public GeneratedWorkspace()
    {
        Root = Rewriting.CallSiteRewritingTests.SourceRoot();
        Temp = Path.Combine(Path.GetTempPath(), "dept-journey-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Temp);
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(Temp, name), "<Project />\n");
        }

        // The .NET 10 SDK runs dotnet test on Microsoft.Testing.Platform only when global.json says so.
        Directory.CreateDirectory(Path.Combine(Temp, "mtp"));
        File.WriteAllText(Path.Combine(Temp, "mtp", "global.json"), """{ "test": { "runner": "Microsoft.Testing.Platform" } }""" + "\n");

        var cli = DotnetProcess.Run(Root, new Dictionary<string, string>(), "build", "Dept.Viewer/Dept.Viewer.csproj", "-c", AccountsDemoRuns.Configuration, "-v", "q", "-nologo");
        Assert.True(cli.ExitCode == 0, cli.Output);
        Cli = Path.Combine(Root, "Dept.Viewer", "bin", AccountsDemoRuns.Configuration, "net10.0", "dept.dll");
        _app = new Lazy<AppRuns>(() => new AppRuns(this));
    }

    public string Root { get; }

    public string Temp { get; }

    /// <summary>Gets the repository's built CLI.</summary>
    public string Cli { get; }

    public string Targets => Path.Combine(Root, "Dept.Instrumentation", "build", "Dept.targets");

    public AppRuns App => _app.Value;

    public FrameworkRuns Framework(string name) =>
        _frameworks.GetOrAdd(name, n => new Lazy<FrameworkRuns>(() => new FrameworkRuns(this, TestFramework.Named(n)))).Value;

    public string Reports(string name) => Path.Combine(Temp, "reports", name);

    public static DeptDocument Read(string directory, string output)
    {
        var file = Path.Combine(directory, "dept-report.json");
        Assert.True(File.Exists(file), $"no report at {file}; run output:\n{output}");
        return DeptDocumentJson.ReadFile(file);
    }

    /// <summary>The 1-based lines of <paramref name="text"/> that hold <paramref name="code"/>.</summary>
    public static int[] LinesOf(string text, string code) =>
        [.. text.Split('\n').Select((l, i) => (l, i)).Where(x => x.l.Contains(code, StringComparison.Ordinal)).Select(x => x.i + 1)];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Temp, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
