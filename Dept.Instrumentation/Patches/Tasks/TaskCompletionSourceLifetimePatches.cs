using System.Collections.Concurrent;
using System.Reflection;
using Dept.Core.Annotations;
using Dept.Core.Lifetimes;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Tasks;

/// <summary>
/// Registers every <see cref="TaskCompletionSource"/> and <see cref="TaskCompletionSource{TResult}"/> created at a
/// rewritten call site for the abandoned-source check (<see cref="DeptSources"/>): if the source is collected while
/// its task is still pending and some thread blocks on the task or an <c>await</c> continuation waits on it, the
/// event can never fire, and the report names this creation site and the wait sites. Off with
/// <c>DeptOptions.DetectAbandonedSources = false</c> (<c>DEPT_DETECT_ABANDONED=false</c>).
/// </summary>
public static class TaskCompletionSourceLifetimePatches
{
    static TaskCompletionSourceLifetimePatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary>Every constructor of <see cref="TaskCompletionSource"/>.</summary>
    [DeptPatch(typeof(TaskCompletionSource), ".ctor", null, Function = "new TaskCompletionSource")]
    public static class Create
    {
        /// <summary>Runs after the constructor.</summary>
        public static void Postfix(TaskCompletionSource __result, DeptSite __site)
        {
            try
            {
                if (__result is not null)
                {
                    DeptSources.Track(__result, __result.Task, TaskSourceProbe.NonGeneric, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary>
    /// Every constructor of <see cref="TaskCompletionSource{TResult}"/>. A constructor call site cannot bind the
    /// instantiated type, so the new source arrives as an object and its task is read through a per-type accessor.
    /// </summary>
    [DeptPatch(typeof(TaskCompletionSource<>), ".ctor", null, Function = "new TaskCompletionSource")]
    public static class CreateOf
    {
        private static readonly ConcurrentDictionary<Type, (Func<object, Task> TaskOf, TaskSourceProbe Probe)> s_types = new();
        private static readonly MethodInfo s_taskOf = typeof(CreateOf).GetMethod(nameof(TaskOf), BindingFlags.NonPublic | BindingFlags.Static)!;

        /// <summary>Runs after the constructor.</summary>
        public static void Postfix(object __result, DeptSite __site)
        {
            try
            {
                if (__result is not null)
                {
                    var type = __result.GetType();
                    if (!s_types.TryGetValue(type, out var accessors))
                    {
                        accessors = s_types.GetOrAdd(type, Create);
                    }

                    DeptSources.Track(__result, accessors.TaskOf(__result), accessors.Probe, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }

        private static (Func<object, Task>, TaskSourceProbe) Create(Type type)
        {
            // The source's own type, or the TaskCompletionSource<T> it derives from.
            var tcs = type;
            while (tcs is not null && !(tcs.IsGenericType && tcs.GetGenericTypeDefinition() == typeof(TaskCompletionSource<>)))
            {
                tcs = tcs.BaseType;
            }

            var result = (tcs ?? throw new ArgumentException($"{type} is not a TaskCompletionSource<T>.", nameof(type))).GetGenericArguments()[0];
            var taskOf = s_taskOf.MakeGenericMethod(result).CreateDelegate<Func<object, Task>>();
            return (taskOf, TaskSourceProbe.Named($"TaskCompletionSource<{result.Name}>"));
        }

        private static Task TaskOf<TResult>(object source) => ((TaskCompletionSource<TResult>)source).Task;
    }
}
