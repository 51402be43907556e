using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Tasks;

/// <summary>
/// <see cref="Parallel"/> from the caller's side (#10): <c>For</c>, <c>ForEach</c> and <c>Invoke</c> block the caller
/// until every body has run. The caller's call is a wait on the loop's class (its call site), and every body runs in
/// its own context inside that class's event context (<see cref="ParallelScope"/>): a caller holding a lock that a body
/// needs is the cycle lock -&gt; loop -&gt; lock. Overloads with thread-local state (<c>localInit</c>/<c>localFinally</c>)
/// and partitioner sources are not modelled; their call sites are counted as uninstrumented.
/// </summary>
/// <remarks>One scope and one closure per call (plus a copied array for <c>Invoke</c>), only while an engine runs; nothing per iteration.</remarks>
public static class ParallelPatches
{
    private const string Parallel = "System.Threading.Tasks.Parallel";
    private const string Options = "System.Threading.Tasks.ParallelOptions";
    private const string Enumerable = "System.Collections.Generic.IEnumerable`1<!!0>";

    static ParallelPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>For(int, int[, ParallelOptions], Action&lt;int&gt;)</c>.</summary>
    [DeptPatch(Parallel, "For", "System.Int32", "System.Int32", "System.Action`1<System.Int32>")]
    [DeptPatch(Parallel, "For", "System.Int32", "System.Int32", Options, "System.Action`1<System.Int32>")]
    public static class For
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref Action<int> body, DeptSite __site) => body = Wrap(body, __site);
    }

    /// <summary><c>For(int, int[, ParallelOptions], Action&lt;int, ParallelLoopState&gt;)</c>.</summary>
    [DeptPatch(Parallel, "For", "System.Int32", "System.Int32", "System.Action`2<System.Int32,System.Threading.Tasks.ParallelLoopState>")]
    [DeptPatch(Parallel, "For", "System.Int32", "System.Int32", Options, "System.Action`2<System.Int32,System.Threading.Tasks.ParallelLoopState>")]
    public static class ForState
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref Action<int, ParallelLoopState> body, DeptSite __site) => body = Wrap(body, __site);
    }

    /// <summary><c>For(long, long[, ParallelOptions], Action&lt;long&gt;)</c>.</summary>
    [DeptPatch(Parallel, "For", "System.Int64", "System.Int64", "System.Action`1<System.Int64>")]
    [DeptPatch(Parallel, "For", "System.Int64", "System.Int64", Options, "System.Action`1<System.Int64>")]
    public static class ForLong
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref Action<long> body, DeptSite __site) => body = Wrap(body, __site);
    }

    /// <summary><c>For(long, long[, ParallelOptions], Action&lt;long, ParallelLoopState&gt;)</c>.</summary>
    [DeptPatch(Parallel, "For", "System.Int64", "System.Int64", "System.Action`2<System.Int64,System.Threading.Tasks.ParallelLoopState>")]
    [DeptPatch(Parallel, "For", "System.Int64", "System.Int64", Options, "System.Action`2<System.Int64,System.Threading.Tasks.ParallelLoopState>")]
    public static class ForLongState
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref Action<long, ParallelLoopState> body, DeptSite __site) => body = Wrap(body, __site);
    }

    /// <summary><c>ForEach&lt;T&gt;(IEnumerable&lt;T&gt;[, ParallelOptions], Action&lt;T&gt;)</c>.</summary>
    [DeptPatch(Parallel, "ForEach", Enumerable, "System.Action`1<!!0>")]
    [DeptPatch(Parallel, "ForEach", Enumerable, Options, "System.Action`1<!!0>")]
    public static class ForEach
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<TSource>(ref Action<TSource> body, DeptSite __site) => body = Wrap(body, __site);
    }

    /// <summary><c>ForEach&lt;T&gt;(IEnumerable&lt;T&gt;[, ParallelOptions], Action&lt;T, ParallelLoopState&gt;)</c>.</summary>
    [DeptPatch(Parallel, "ForEach", Enumerable, "System.Action`2<!!0,System.Threading.Tasks.ParallelLoopState>")]
    [DeptPatch(Parallel, "ForEach", Enumerable, Options, "System.Action`2<!!0,System.Threading.Tasks.ParallelLoopState>")]
    public static class ForEachState
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<TSource>(ref Action<TSource, ParallelLoopState> body, DeptSite __site) => body = Wrap(body, __site);
    }

    /// <summary><c>ForEach&lt;T&gt;(IEnumerable&lt;T&gt;[, ParallelOptions], Action&lt;T, ParallelLoopState, long&gt;)</c>.</summary>
    [DeptPatch(Parallel, "ForEach", Enumerable, "System.Action`3<!!0,System.Threading.Tasks.ParallelLoopState,System.Int64>")]
    [DeptPatch(Parallel, "ForEach", Enumerable, Options, "System.Action`3<!!0,System.Threading.Tasks.ParallelLoopState,System.Int64>")]
    public static class ForEachIndexed
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<TSource>(ref Action<TSource, ParallelLoopState, long> body, DeptSite __site) => body = Wrap(body, __site);
    }

    /// <summary><c>Invoke([ParallelOptions, ]params Action[])</c>: each action is a body. The caller's array is copied, never changed.</summary>
    [DeptPatch(Parallel, "Invoke", "System.Action[]")]
    [DeptPatch(Parallel, "Invoke", Options, "System.Action[]")]
    public static class Invoke
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix(ref Action[] actions, DeptSite __site)
        {
            try
            {
                if (actions is not null && ParallelScope.CallerWaits(__site) is { } scope)
                {
                    var wrapped = new Action[actions.Length];
                    for (var i = 0; i < actions.Length; i++)
                    {
                        // A null action is left for Parallel.Invoke to reject with its own ArgumentException.
                        wrapped[i] = actions[i] is { } action ? scope.Wrap(action) : null!;
                    }

                    actions = wrapped;
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    private static Action<T1> Wrap<T1>(Action<T1> body, DeptSite site)
    {
        try
        {
            return body is not null && ParallelScope.CallerWaits(site) is { } scope ? scope.Wrap(body) : body!;
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return body;
        }
    }

    private static Action<T1, T2> Wrap<T1, T2>(Action<T1, T2> body, DeptSite site)
    {
        try
        {
            return body is not null && ParallelScope.CallerWaits(site) is { } scope ? scope.Wrap(body) : body!;
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return body;
        }
    }

    private static Action<T1, T2, T3> Wrap<T1, T2, T3>(Action<T1, T2, T3> body, DeptSite site)
    {
        try
        {
            return body is not null && ParallelScope.CallerWaits(site) is { } scope ? scope.Wrap(body) : body!;
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return body;
        }
    }
}
