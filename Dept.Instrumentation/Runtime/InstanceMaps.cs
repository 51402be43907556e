using System.Runtime.CompilerServices;
using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The per-instance <see cref="DeptMap"/> of a completion-like object (task, event, semaphore, countdown, barrier,
/// thread, monitor condition): allocated once per instance, on its first real wait, and collected with it.
/// Events look the map up without creating it: an object nobody ever waited on has no pending request, so its
/// event has nothing to charge.
/// </summary>
internal static class InstanceMaps
{
    private static readonly ConditionalWeakTable<object, DeptMap> s_maps = new();
    private static readonly ConditionalWeakTable<object, DeptMap> s_second = new();

    /// <summary>Gets or creates the map of <paramref name="instance"/>, named after its kind (e.g. <c>Task</c>).</summary>
    /// <remarks>Thread-safe: racing creators agree on one map.</remarks>
    public static DeptMap Get(object instance, string kind)
    {
        if (s_maps.TryGetValue(instance, out var map))
        {
            return map;
        }

        return s_maps.GetValue(instance, _ => new DeptMap(DeptKey.Named(kind), kind));
    }

    /// <summary>Gets the map of <paramref name="instance"/> if some wait created it.</summary>
    public static bool TryGet(object instance, out DeptMap map) => s_maps.TryGetValue(instance, out map!);

    /// <summary>Gets or creates the map of a second event of <paramref name="instance"/> (a bounded queue's "space").</summary>
    public static DeptMap GetSecond(object instance, string kind)
    {
        if (s_second.TryGetValue(instance, out var map))
        {
            return map;
        }

        return s_second.GetValue(instance, _ => new DeptMap(DeptKey.Named(kind), kind));
    }

    /// <summary>Gets the second map of <paramref name="instance"/> if some wait created it.</summary>
    public static bool TryGetSecond(object instance, out DeptMap map) => s_second.TryGetValue(instance, out map!);
}
