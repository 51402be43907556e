using System.Collections.Concurrent;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.CompilerServices;

/// <summary>
/// The type-initialization lock as a DEPT lock (#10). The runtime runs a static constructor once, under a per-type
/// lock that every other thread touching the type waits on. The rewriter wraps each rewritten type's <c>.cctor</c> in
/// <see cref="Enter"/>/<see cref="Exit"/>: the initializer is that lock's event context (class
/// <c>Namespace.Type (type initializer)</c>), so whatever it waits for becomes a dependency of initialization. An access
/// that can trigger the initializer calls <see cref="Access"/> first: while the type is not initialized, it is a wait on
/// that class. It is recorded with a nesting subclass of its own, so an access from inside a type's own (nested)
/// initializer never makes a self-dependency, but initializer A touching B while B's touches A is the cycle it is.
/// </summary>
/// <remarks>Thread-safe; never throws. Cold path only: once a type is initialized, its sites stop calling <see cref="Access"/>.</remarks>
[DeptTypeInitializerHooks]
public static class TypeInitializerHooks
{
    private const int AccessNest = 1;
    private static readonly ConcurrentDictionary<string, State> s_states = new(StringComparer.Ordinal);

    static TypeInitializerHooks() => DeptInstrumentedRun.EnsureStarted();

    /// <summary>The type's initializer starts: enters its event context.</summary>
    /// <param name="site">The initializer's site; <see cref="DeptSite.Receiver"/> is the type's full name.</param>
    public static void Enter(DeptSite site)
    {
        try
        {
            if (StateOf(site) is { } state)
            {
                DeptLdt.Acquired(state.Key, state, site, DeptLockMode.Exclusive, DeptLockFlags.Try);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    /// <summary>The initializer ended (returned or threw): exits its event context; the type never waits again.</summary>
    /// <param name="site">The initializer's site.</param>
    public static void Exit(DeptSite site)
    {
        try
        {
            if (StateOf(site) is { } state)
            {
                state.Initialized = true;
                DeptLdt.Release(state, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    /// <summary>An access that can trigger the initializer: a wait on it unless the type is initialized.</summary>
    /// <param name="site">The access site; <see cref="DeptSite.Receiver"/> is the accessed type's full name.</param>
    /// <returns>Whether the type is initialized (the site then stops calling).</returns>
    public static bool Access(DeptSite site)
    {
        try
        {
            if (StateOf(site) is not { } state)
            {
                return true;
            }

            if (state.Initialized)
            {
                return true;
            }

            DeptLdt.AcquireWait(state.Key, state, site, DeptLockMode.Exclusive, DeptLockFlags.None, subclass: 0, nest: AccessNest);
            return false;
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
            return true;
        }
    }

    /// <summary>Forgets every type's state (tests: a fresh load of a rewritten assembly initializes its types again).</summary>
    internal static void Reset() => s_states.Clear();

    private static State? StateOf(DeptSite site)
        => site.Receiver is { } type ? s_states.GetOrAdd(type, static t => new State(DeptKey.Named($"{t} (type initializer)"))) : null;

    private sealed class State(DeptKey key)
    {
        public DeptKey Key { get; } = key;

        public volatile bool Initialized;
    }
}
