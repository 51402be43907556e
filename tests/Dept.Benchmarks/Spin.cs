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

        var call = method.CreateDelegate<Func<int>>(instance);
        call();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        long calls = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 100_000; i++)
            {
                call();
            }

            calls += 100_000;
        }

        watch.Stop();
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)calls;
        Console.WriteLine($"{className}.{methodName}: {calls / watch.Elapsed.TotalSeconds:F0} calls/s, {watch.Elapsed.TotalNanoseconds / calls:F2} ns and {allocated:F1} B (this thread) per call (orientation only)");
        BenchmarkHooks.Run<GlobalCleanupAttribute>(instance, methodName);
    }
}
