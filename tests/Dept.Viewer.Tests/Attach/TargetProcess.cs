using System.Diagnostics;
using System.Globalization;

namespace Dept.Viewer.Tests.Attach;

/// <summary>
/// A running tests/Dept.Attach.Target child (no Dept code in it). It prints <c>thread NAME OS_TID MANAGED_ID</c>
/// lines and <c>ready</c>; <see cref="Go"/> lets it block; <see cref="Dispose"/> kills it whatever happened.
/// </summary>
internal sealed class TargetProcess : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineAdded = new(0);

    private TargetProcess(string mode)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Dept.Attach.Target.dll");
        // Through a shell, so the target is not our child: .NET's SIGCHLD handling in this test host would reap the
        // ptrace stops that ClrMD waits for when it snapshots the target, and the snapshot would hang. In real use
        // dept is never the target's parent. A background job's stdin is /dev/null, so ours is passed as fd 3.
        var start = new ProcessStartInfo("/bin/sh", ["-c", "exec 3<&0; \"$0\" \"$@\" <&3 3<&- & wait", DotnetHost(), dll, mode])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the attach target");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(e.Data);
            }

            _lineAdded.Release();
        };
        _process.BeginOutputReadLine();
    }

    /// <summary>The target's process id, as it printed it (the shell in between has another).</summary>
    public int Id { get; private set; }

    /// <summary>Starts the target and waits until it printed <c>ready</c>.</summary>
    public static async Task<TargetProcess> StartAsync(string mode)
    {
        var target = new TargetProcess(mode);
        try
        {
            var pid = await target.WaitForLineAsync(l => l.StartsWith("pid ", StringComparison.Ordinal));
            target.Id = int.Parse(pid[4..], CultureInfo.InvariantCulture);
            await target.WaitForLineAsync(l => l == "ready");
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    /// <summary>The OS thread id the child printed for worker <paramref name="name"/> (waits for the line).</summary>
    public async Task<long> ThreadIdAsync(string name)
    {
        var line = await WaitForLineAsync(l => l.StartsWith($"thread {name} ", StringComparison.Ordinal));
        return long.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture);
    }

    public void Go() => Send("go");

    /// <summary>
    /// Waits until each thread printed <c>blocking TID</c> and then sleeps in the kernel (state S in
    /// /proc/PID/task/TID/stat): it is inside the lock wait it announced.
    /// </summary>
    public async Task WaitUntilBlockedAsync(params long[] threads)
    {
        foreach (var tid in threads)
        {
            await WaitForLineAsync(l => l == $"blocking {tid}");
        }

        using var cts = new CancellationTokenSource(Bound);
        while (!threads.All(IsSleeping))
        {
            await Task.Delay(10, cts.Token);
        }
    }

    private bool IsSleeping(long tid)
    {
        var stat = File.ReadAllText($"/proc/{Id}/task/{tid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('S');
    }

    public void Exit() => Send("exit");

    /// <summary>Waits for the target (and the shell around it) to exit.</summary>
    public async Task WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(Bound);
        await _process.WaitForExitAsync(cts.Token);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(Bound);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _lineAdded.Dispose();
    }

    private void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    private async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (true)
        {
            lock (_lines)
            {
                if (_lines.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the target exited with {_process.ExitCode} before printing the expected line");
            }

            await _lineAdded.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
        }
    }

    // `dotnet test` runs us under the SDK's host and says where it is; fall back to PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
