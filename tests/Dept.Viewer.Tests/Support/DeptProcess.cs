using System.Diagnostics;
using Dept.Viewer.Tests.Attach;

namespace Dept.Viewer.Tests.Support;

/// <summary>
/// The real <c>dept</c> executable in its own process, with its own environment: exit codes, Ctrl+C (SIGINT) and
/// environment variables as a user sees them, without touching this test process's environment.
/// </summary>
internal sealed class DeptProcess : IDisposable
{
    private readonly Process _process;
    private readonly CollectingWriter _output = new();

    private DeptProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => _output.Write(e.Data is null ? string.Empty : e.Data + "\n");
        _process.ErrorDataReceived += (_, e) => _output.Write(e.Data is null ? string.Empty : e.Data + "\n");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Standard output and standard error, interleaved as they arrived.</summary>
    public string Output => _output.Text;

    public static DeptProcess Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    /// <summary>Starts <c>dept</c> with <paramref name="environment"/> added to (a null value: removed from) this process's.</summary>
    public static DeptProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var start = new ProcessStartInfo(host, [Path.Combine(AppContext.BaseDirectory, "dept.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return new DeptProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start dept"));
    }

    public async Task WaitForOutputAsync(string text)
    {
        using var cts = new CancellationTokenSource(TargetProcess.Bound);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, $"dept exited before printing '{text}': {Output}");
            await Task.Delay(20, cts.Token);
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(TargetProcess.Bound);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
