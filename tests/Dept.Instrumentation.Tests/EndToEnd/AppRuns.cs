using Dept.Core.Snapshots;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>
/// A console app that knows nothing of Dept, with a latent AB-BA behind its <c>abba</c> argument (#14), run plain,
/// under <c>dept run</c>, and after <c>dept rewrite</c> of its build output in place.
/// </summary>
public sealed class AppRuns
{
    public const string Program = """
        namespace Generated;

        internal static class Ledger
        {
            private static readonly object First = new();
            private static readonly object Second = new();

            private static int Main(string[] args)
            {
                Console.WriteLine("ledger: start " + string.Join(' ', args));
                lock (First)
                {
                    lock (Second)
                    {
                        Console.WriteLine("ledger: first, then second");
                    }
                }

                if (args.Contains("abba"))
                {
                    lock (Second)
                    {
                        lock (First)
                        {
                            Console.WriteLine("ledger: second, then first");
                        }
                    }
                }

                Console.WriteLine("ledger: done");
                return 0;
            }
        }
        """;

    private const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <OutputType>Exe</OutputType>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
        </Project>
        """;

    private static readonly Dictionary<string, string> NoEnvironment = [];

    internal AppRuns(GeneratedWorkspace workspace)
    {
        var folder = Path.Combine(workspace.Temp, "app");
        var project = Path.Combine(folder, "Ledger");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Ledger.csproj"), ProjectFile);
        File.WriteAllText(Path.Combine(project, "Program.cs"), Program);
        var config = AccountsDemoRuns.Configuration;

        Plain = Path.Combine(folder, "plain");
        var build = DotnetProcess.Run(folder, NoEnvironment, "build", project, "-c", config, "-o", Plain, "-nologo");
        Assert.True(build.ExitCode == 0, build.Output);
        PlainClean = DotnetProcess.RunSplit(folder, NoEnvironment, Path.Combine(Plain, "Ledger.dll"), "clean");
        PlainAbba = DotnetProcess.RunSplit(folder, NoEnvironment, Path.Combine(Plain, "Ledger.dll"), "abba");

        var cleanReports = workspace.Reports("app-clean");
        DeptClean = DotnetProcess.RunSplit(folder, NoEnvironment, workspace.Cli, "run", project, "-c", config, "--report-dir", cleanReports, "--", "clean");
        DeptCleanDocument = GeneratedWorkspace.Read(cleanReports, DeptClean.Stderr);
        BinOfDeptRun = Path.Combine(project, "bin", config, "net10.0");

        var abbaReports = workspace.Reports("app-abba");
        DeptAbba = DotnetProcess.RunSplit(folder, NoEnvironment, workspace.Cli, "run", project, "-c", config, "--report-dir", abbaReports, "--fail-on-cycle", "--fail-exit-code", "42", "--", "abba");
        DeptAbbaDocument = GeneratedWorkspace.Read(abbaReports, DeptAbba.Stderr);

        // A built app rewritten where it lies, then started as is.
        Rewritten = Path.Combine(folder, "rewritten");
        Directory.CreateDirectory(Rewritten);
        foreach (var file in Directory.GetFiles(Plain))
        {
            File.Copy(file, Path.Combine(Rewritten, Path.GetFileName(file)));
        }

        Rewrite = DotnetProcess.Run(folder, NoEnvironment, workspace.Cli, "rewrite", Path.Combine(Rewritten, "Ledger.dll"));
        var rewrittenReports = workspace.Reports("app-rewritten");
        RewrittenAbba = DotnetProcess.RunSplit(folder, new Dictionary<string, string> { ["DEPT_REPORT_DIR"] = rewrittenReports }, Path.Combine(Rewritten, "Ledger.dll"), "abba");
        RewrittenDocument = GeneratedWorkspace.Read(rewrittenReports, RewrittenAbba.Stderr);
    }

    /// <summary>Gets the plain build's output folder.</summary>
    public string Plain { get; }

    public (int ExitCode, byte[] Stdout, string Stderr) PlainClean { get; }

    public (int ExitCode, byte[] Stdout, string Stderr) PlainAbba { get; }

    public (int ExitCode, byte[] Stdout, string Stderr) DeptClean { get; }

    public DeptDocument DeptCleanDocument { get; }

    /// <summary>Gets the output folder of the <c>dept run</c> builds.</summary>
    public string BinOfDeptRun { get; }

    /// <summary>Gets <c>dept run --fail-on-cycle --fail-exit-code 42 -- abba</c>.</summary>
    public (int ExitCode, byte[] Stdout, string Stderr) DeptAbba { get; }

    public DeptDocument DeptAbbaDocument { get; }

    /// <summary>Gets the copy of the plain output that <c>dept rewrite</c> rewrote in place.</summary>
    public string Rewritten { get; }

    public (int ExitCode, string Output) Rewrite { get; }

    public (int ExitCode, byte[] Stdout, string Stderr) RewrittenAbba { get; }

    public DeptDocument RewrittenDocument { get; }
}
