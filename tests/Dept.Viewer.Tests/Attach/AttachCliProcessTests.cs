using System.Diagnostics;
using Dept.Viewer.Cli;

namespace Dept.Viewer.Tests.Attach;

// The real `dept` executable in its own process: exit codes and Ctrl+C (SIGINT) as a user sees them.
public sealed class AttachCliProcessTests
{
    [Fact]
    public async Task CtrlC_StopsTheAttach_PrintsTheSummary_ExitCodeClean()
    {
        using var target = await TargetProcess.StartAsync("idle");
        using var dept = DeptProcess.Start("attach", "--pid", target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-clrmd");
        await dept.WaitForOutputAsync("Ctrl+C to stop.");

        using (var kill = Process.Start("kill", ["-INT", dept.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.Equal((int)ExitCode.Clean, await dept.WaitForExitAsync());
        Assert.Contains("0 actual deadlock(s)", dept.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadlock_WithDuration_ExitCodeCycleFound()
    {
        using var target = await TargetProcess.StartAsync("monitor");
        using var dept = DeptProcess.Start("attach", "--pid", target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "3s", "--no-clrmd");
        await dept.WaitForOutputAsync("Ctrl+C to stop.");
        target.Go();

        Assert.Equal((int)ExitCode.CycleFound, await dept.WaitForExitAsync());
        Assert.Contains("*** ACTUAL DEADLOCK ***", dept.Output, StringComparison.Ordinal);
        Assert.Contains("1 actual deadlock(s)", dept.Output, StringComparison.Ordinal);
    }

    private sealed class DeptProcess : IDisposable
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

        public string Output => _output.Text;

        public static DeptProcess Start(params string[] args)
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
            var start = new ProcessStartInfo(host, [Path.Combine(AppContext.BaseDirectory, "dept.dll"), .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
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
}
