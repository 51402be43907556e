using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Dept.Benchmarks;

/// <summary>
/// Runs a benchmark class's global setup or cleanup for one method as BenchmarkDotNet does: the hooks that target the
/// method (<c>Targets</c>) if there are any, else the untargeted ones. Used by <c>--spin</c> and <c>--smoke</c>.
/// </summary>
internal static class BenchmarkHooks
{
    public static void Run<T>(object instance, string methodName)
        where T : TargetedAttribute
    {
        var hooks = instance.GetType().GetMethods().Where(m => m.GetCustomAttribute<T>() is not null).ToList();
        var targeted = hooks.Where(m => m.GetCustomAttribute<T>()!.Targets?.Contains(methodName) == true).ToList();
        foreach (var hook in targeted.Count > 0 ? targeted : hooks.Where(m => m.GetCustomAttribute<T>()!.Targets is not { Length: > 0 }))
        {
            hook.Invoke(instance, null);
        }
    }
}
