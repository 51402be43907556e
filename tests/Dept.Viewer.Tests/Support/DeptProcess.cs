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
        string[] command = [host, Path.Combine(AppContext.BaseDirectory, "dept.dll"), .. args];

        // A test run started in the background by a script (`cmd &`) ignores SIGINT, and a child inherits an ignored
        // signal: the runtime then installs no Ctrl+C handler, and a test sending SIGINT would wait for nothing. dept
        // gets the default disposition back (GNU env), as it has when a user starts it from a terminal.
        if (SigIntIgnored())
        {
            command = ["env", "--default-signal=INT", .. command];
        }

        var start = new ProcessStartInfo(command[0], command[1..])
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

    /// <summary>Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status).</summary>
    private static bool SigIntIgnored()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(static l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << 1)) != 0;
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
