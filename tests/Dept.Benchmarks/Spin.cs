using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Dept.Benchmarks;

/// <summary>
/// <c>--spin Class Method [seconds]</c>: runs one benchmark method in a tight loop (after its global setup) for a
/// profiler to sample, e.g. <c>DOTNET_PerfMapEnabled=1 perf record -g dotnet Dept.Benchmarks.dll --spin ...</c>.
/// Prints calls per second and ns per call for orientation only: no warm-up policy, no statistics, not a measurement
/// (the benchmarks are).
/// </summary>
internal static class Spin
{
    public static void Run(string className, string methodName, double seconds)
    {
        var type = typeof(Spin).Assembly.GetTypes().Single(t => t.Name == className);
        var method = type.GetMethod(methodName) is { } m && m.GetCustomAttribute<BenchmarkAttribute>() is not null
            ? m
            : throw new ArgumentException($"'{className}' has no benchmark method '{methodName}'");
        var instance = Activator.CreateInstance(type)!;
        BenchmarkHooks.Run<GlobalSetupAttribute>(instance, methodName);

        // A benchmark returning void or a value: both become one delegate type (a value-returning one is not boxed).
        Func<int> call = method.ReturnType == typeof(void)
            ? WrapAction(method.CreateDelegate<Action>(instance))
            : method.CreateDelegate<Func<int>>(instance);
        call();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        // Chunks of about 0.1 s: 100,000 calls of a nanosecond method, one call of a method that runs threads.
        var probe = Stopwatch.StartNew();
        call();
        var chunk = (int)Math.Clamp(0.1 / Math.Max(probe.Elapsed.TotalSeconds, 1e-9), 1, 100_000);
        var watch = Stopwatch.StartNew();
        long calls = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < chunk; i++)
            {
                call();
            }

            calls += chunk;
        }

        watch.Stop();
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)calls;
        Console.WriteLine($"{className}.{methodName}: {calls / watch.Elapsed.TotalSeconds:F0} calls/s, {watch.Elapsed.TotalNanoseconds / calls:F2} ns and {allocated:F1} B (this thread) per call (orientation only)");
        BenchmarkHooks.Run<GlobalCleanupAttribute>(instance, methodName);
    }

    private static Func<int> WrapAction(Action action) => () =>
    {
        action();
        return 0;
    };
}
