using System.CommandLine;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Viewer.Cli;

namespace Dept.Viewer.Tests.Cli;

/// <summary>Runs the real <c>dept</c> command line in-process with captured output, in a temporary folder.</summary>
internal sealed class CliRunner : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("dept-cli-").FullName;

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    public string Save(string name, DeptEngine engine)
    {
        var path = Path(name);
        DeptDocumentJson.WriteFile(engine.CreateDocument(), path);
        return path;
    }

    public string Write(string name, string text)
    {
        var path = Path(name);
        File.WriteAllText(path, text);
        return path;
    }

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = DeptCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Runs the command line until it returns or <paramref name="cancel"/> fires (how a test stops a command that
    /// serves, as Ctrl+C would), writing to <paramref name="output"/> and <paramref name="error"/>.
    /// </summary>
    public static Task<int> InvokeAsync(TextWriter output, TextWriter error, CancellationToken cancel, params string[] args) =>
        DeptCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancel);

    /// <summary>The folder's file names (to prove a failed command wrote nothing, not even a temporary file).</summary>
    public List<string> Files() => Directory.GetFiles(Dir).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
