using System.Diagnostics;
using Dept.Viewer.Cli;
using Dept.Viewer.Tests.Support;

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
}
