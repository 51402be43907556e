using System.Diagnostics;
using System.Text;

namespace Dept.Instrumentation.Tests.EndToEnd;

/// <summary>Runs <c>dotnet</c> as a child process with a clean MSBuild/vstest environment and a hard timeout.</summary>
internal static class DotnetProcess
{
    public static (int ExitCode, string Output) Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = StartInfo(workingDirectory, environment, args);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Wait(process, args, output);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>Runs with stdout kept apart, byte for byte (to compare an application's output with and without Dept).</summary>
    public static (int ExitCode, byte[] Stdout, string Stderr) RunSplit(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = StartInfo(workingDirectory, environment, args);
        var error = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.BeginErrorReadLine();
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Wait(process, args, error);
        copy.Wait(TimeSpan.FromMinutes(1));
        return (process.ExitCode, stdout.ToArray(), error.ToString());
    }

    private static void Wait(Process process, string[] args, StringBuilder output)
    {
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in 5 minutes:\n{output}");
        }

        process.WaitForExit();
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host inherits variables from the outer `dotnet test` (MSBuild node paths, vstest ports) that
        // would confuse a nested build.
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("DEPT_", StringComparison.OrdinalIgnoreCase) || key == "DOTNET_HOST_PATH")
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
