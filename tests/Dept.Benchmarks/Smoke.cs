using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Dept.Benchmarks;

/// <summary>
/// <c>--smoke Class1 Class2 ...</c>: runs each benchmark method of the named classes once (global setup, one call,
/// cleanup), to check that they run and that their setup's own checks pass, in seconds instead of a measured run.
/// Prints wall-clock times that are NOT measurements (no warm-up, one call).
/// </summary>
internal static class Smoke
{
    public static void Run(IEnumerable<string> classes)
    {
        foreach (var name in classes)
        {
            var type = typeof(Smoke).Assembly.GetTypes().Single(t => t.Name == name);
            var methods = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToArray();
            foreach (var method in methods)
            {
                var instance = Activator.CreateInstance(type)!;
                BenchmarkHooks.Run<GlobalSetupAttribute>(instance, method.Name);
                var watch = Stopwatch.StartNew();
                var result = method.Invoke(instance, null);
                watch.Stop();
                BenchmarkHooks.Run<GlobalCleanupAttribute>(instance, method.Name);
                Console.WriteLine($"{type.Name}.{method.Name}: ran once in {watch.Elapsed.TotalMilliseconds:F1} ms (result {result ?? "-"})");
            }
        }
    }
}
