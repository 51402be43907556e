using System.CommandLine;

namespace Dept.Viewer.Cli;

/// <summary>The <c>dept</c> command line: a thin shell over the library options (conventions.md, "Size and shape").</summary>
internal static class DeptCli
{
    /// <summary>Builds the root command. Each subcommand lives in its own file under <c>Cli/</c>.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Dept: a DEPT-style wait/event deadlock dependency tracker for .NET.");
        // One line per subcommand; keep them in the order of docs/reference/cli.md.
        root.Subcommands.Add(ViewCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(RewriteCommand.Create());
        root.Subcommands.Add(AttachCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        try
        {
            return Build().Parse(args).Invoke();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"dept: {ex.Message}");
            return (int)ExitCode.Error;
        }
    }
}
