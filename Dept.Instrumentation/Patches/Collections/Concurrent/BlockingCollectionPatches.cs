using System.Collections.Concurrent;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Collections.Concurrent;

/// <summary>
/// Patches for <see cref="BlockingCollection{T}"/> (#10), a producer/consumer queue (<see cref="Queues"/>): <c>Take</c>,
/// <c>TryTake</c> with a timeout and <c>GetConsumingEnumerable</c> wait for an item when the collection is empty and
/// adding is not complete; every <c>Add</c>/<c>TryAdd</c> is the item event, and <c>CompleteAdding</c> the event that
/// wakes all takers. When bounded, an <c>Add</c> on a full collection waits for space, and every take is that event.
/// The class is the field the collection was loaded from, else its creation site, else the wait's call site.
/// </summary>
/// <remarks>The hot path (a take with items available, an add nobody waits for) reads <c>Count</c> and does one weak-table lookup: no allocation.</remarks>
public static class BlockingCollectionPatches
{
    private const string Type = "System.Collections.Concurrent.BlockingCollection`1";

    static BlockingCollectionPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary>The constructors: remember the creation site as the class of a collection held in no field.</summary>
    [DeptPatch(Type, ".ctor")]
    [DeptPatch(Type, ".ctor", "System.Int32")]
    [DeptPatch(Type, ".ctor", "System.Collections.Concurrent.IProducerConsumerCollection`1<!0>")]
    [DeptPatch(Type, ".ctor", "System.Collections.Concurrent.IProducerConsumerCollection`1<!0>", "System.Int32")]
    public static class New
    {
        /// <summary>Runs after the constructor.</summary>
        public static void Postfix<T>(BlockingCollection<T> __result, DeptSite __site)
        {
            try
            {
                if (__result is not null && ContextBoundaries.Active)
                {
                    CreationSites.Remember(__result, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>Take()</c> and <c>Take(CancellationToken)</c>: an untimed wait for an item.</summary>
    [DeptPatch(Type, "Take")]
    [DeptPatch(Type, "Take", "System.Threading.CancellationToken")]
    public static class Take
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, DeptSite __site) => BeforeTake(__instance, __site, blocks: true, timed: false);
    }

    /// <summary><c>TryTake(out T)</c>: never blocks; only frees space.</summary>
    [DeptPatch(Type, "TryTake", "!0&")]
    public static class TryTake
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, DeptSite __site) => BeforeTake(__instance, __site, blocks: false, timed: false);
    }

    /// <summary><c>TryTake(out T, int[, CancellationToken])</c>: a wait for an item, timed unless infinite.</summary>
    [DeptPatch(Type, "TryTake", "!0&", "System.Int32")]
    [DeptPatch(Type, "TryTake", "!0&", "System.Int32", "System.Threading.CancellationToken")]
    public static class TryTakeMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, int millisecondsTimeout, DeptSite __site)
            => BeforeTake(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>TryTake(out T, TimeSpan)</c>.</summary>
    [DeptPatch(Type, "TryTake", "!0&", "System.TimeSpan")]
    public static class TryTakeTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, TimeSpan timeout, DeptSite __site)
            => BeforeTake(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary>
    /// <c>GetConsumingEnumerable()</c> and <c>GetConsumingEnumerable(CancellationToken)</c>: the sequence is wrapped
    /// so that each <c>MoveNext</c> on an empty collection is a wait for an item, as <c>Take</c>. One wrapper object per
    /// call (not per item), only while an engine runs.
    /// </summary>
    [DeptPatch(Type, "GetConsumingEnumerable")]
    [DeptPatch(Type, "GetConsumingEnumerable", "System.Threading.CancellationToken")]
    public static class GetConsumingEnumerable
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<T>(BlockingCollection<T> __instance, ref IEnumerable<T> __result, DeptSite __site)
        {
            try
            {
                if (__instance is not null && __result is not null && ContextBoundaries.Active)
                {
                    __result = Consume(__instance, __result, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>Add(T)</c> and <c>Add(T, CancellationToken)</c>: the item event; a wait for space when bounded and full.</summary>
    [DeptPatch(Type, "Add", "!0")]
    [DeptPatch(Type, "Add", "!0", "System.Threading.CancellationToken")]
    public static class Add
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, DeptSite __site) => BeforeAdd(__instance, __site, blocks: true, timed: false);
    }

    /// <summary><c>TryAdd(T)</c>: never blocks.</summary>
    [DeptPatch(Type, "TryAdd", "!0")]
    public static class TryAdd
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, DeptSite __site) => BeforeAdd(__instance, __site, blocks: false, timed: false);
    }

    /// <summary><c>TryAdd(T, int[, CancellationToken])</c>.</summary>
    [DeptPatch(Type, "TryAdd", "!0", "System.Int32")]
    [DeptPatch(Type, "TryAdd", "!0", "System.Int32", "System.Threading.CancellationToken")]
    public static class TryAddMilliseconds
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, int millisecondsTimeout, DeptSite __site)
            => BeforeAdd(__instance, __site, Waits.CanBlock(millisecondsTimeout), Waits.IsTimed(millisecondsTimeout));
    }

    /// <summary><c>TryAdd(T, TimeSpan)</c>.</summary>
    [DeptPatch(Type, "TryAdd", "!0", "System.TimeSpan")]
    public static class TryAddTimeSpan
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, TimeSpan timeout, DeptSite __site)
            => BeforeAdd(__instance, __site, Waits.CanBlock(timeout), Waits.IsTimed(timeout));
    }

    /// <summary><c>CompleteAdding()</c>: the event that wakes every taker.</summary>
    [DeptPatch(Type, "CompleteAdding")]
    public static class CompleteAdding
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(BlockingCollection<T> __instance, DeptSite __site)
        {
            try
            {
                if (__instance is not null)
                {
                    Queues.ItemAdded(__instance, __site);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    internal static void BeforeTake<T>(BlockingCollection<T> collection, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (collection is null)
            {
                return;
            }

            if (collection.BoundedCapacity != -1)
            {
                Queues.SpaceFreed(collection, site);
            }

            // Items available, or adding complete (Take then throws at once): the call does not block.
            if (blocks && collection.Count == 0 && !collection.IsAddingCompleted)
            {
                Queues.WaitForItem(collection, site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void BeforeAdd<T>(BlockingCollection<T> collection, DeptSite? site, bool blocks, bool timed)
    {
        try
        {
            if (collection is null)
            {
                return;
            }

            Queues.ItemAdded(collection, site);
            if (blocks && collection.BoundedCapacity != -1 && collection.Count >= collection.BoundedCapacity && !collection.IsAddingCompleted)
            {
                Queues.WaitForSpace(collection, site, timed);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static IEnumerable<T> Consume<T>(BlockingCollection<T> collection, IEnumerable<T> items, DeptSite site)
    {
        using var enumerator = items.GetEnumerator();
        while (true)
        {
            BeforeTake(collection, site, blocks: true, timed: false);
            if (!enumerator.MoveNext())
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
