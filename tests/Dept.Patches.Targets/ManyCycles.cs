using System.Globalization;
using Dept.Core.Annotations;
using Dept.Core.Tracking;

namespace Dept.Patches.Targets;

/// <summary>
/// Closes many distinct AB-BA cycles through the process's Dept engine (#13): how much of the program's own thread
/// time does reporting them cost? <c>TARGET_CYCLES</c> (default 400) cycles, class names prefixed by
/// <c>TARGET_PREFIX</c> (default the process id) so that several processes find different cycles.
/// </summary>
public static class ManyCycles
{
    public static string Run()
    {
        var engine = DeptRuntime.Current ?? throw new InvalidOperationException("no Dept engine: run the rewritten copy");
        var count = int.Parse(Environment.GetEnvironmentVariable("TARGET_CYCLES") ?? "400", CultureInfo.InvariantCulture);
        var prefix = Environment.GetEnvironmentVariable("TARGET_PREFIX") ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        long cpuTicks = 0;
        var thread = new Thread(() =>
        {
            var before = ThreadCpuTicks();
            object a = new(), b = new();
            for (var i = 0; i < count; i++)
            {
                DeptKey ka = DeptKey.Named($"{prefix}.A{i}"), kb = DeptKey.Named($"{prefix}.B{i}");
                engine.Acquire(ka, a);
                engine.Acquire(kb, b);
                engine.Release(b);
                engine.Release(a);
                engine.Acquire(kb, b);
                engine.Acquire(ka, a); // closes the cycle A_i -> B_i -> A_i
                engine.Release(a);
                engine.Release(b);
            }

            cpuTicks = ThreadCpuTicks() - before;
        });
        thread.Start();
        thread.Join();
        return $"{count} cycles, closing thread cpu {cpuTicks * 10} ms";
    }

    // utime + stime of the calling thread in clock ticks (USER_HZ, 100 on Linux): the CPU time the OS charged it.
    private static long ThreadCpuTicks()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
