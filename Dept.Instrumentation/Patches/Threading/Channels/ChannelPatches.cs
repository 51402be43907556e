using System.Threading.Channels;
using Dept.Core.Annotations;
using Dept.Instrumentation.Patching;
using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Patches.Threading.Channels;

/// <summary>
/// Patches for <see cref="Channel{T}"/> (#10), a producer/consumer queue (<see cref="Queues"/>): a <c>ReadAsync</c> or
/// <c>WaitToReadAsync</c> that returns a pending <see cref="ValueTask"/> is a wait for a write; a pending
/// <c>WriteAsync</c> or <c>WaitToWriteAsync</c> (a full bounded channel) is a wait for a read. Every write is the
/// readers' event, every read the bounded writers' event, and <c>Complete</c>/<c>TryComplete</c> wakes every reader.
/// These are async waits of the flow (<see cref="DeptSdt.Await"/>, #9): an <c>await</c> blocks no thread, so they
/// depend only on the async locks the awaiting flow holds (a <c>SemaphoreSlim</c> taken with <c>WaitAsync</c>);
/// blocking on the returned task (<c>.AsTask().Wait()</c>) is the <c>Task.Wait</c> patch's wait. A reader and its
/// writer are linked through the channel: at <c>Channel.CreateBounded/CreateUnbounded</c> in rewritten code (whose
/// call site is then the channel's class) or at the first <c>channel.Reader</c>/<c>channel.Writer</c> read by it.
/// </summary>
/// <remarks>Reads and writes nobody waits for cost one weak-table lookup; nothing is allocated per call.</remarks>
public static class ChannelPatches
{
    private const string Reader = "System.Threading.Channels.ChannelReader`1";
    private const string Writer = "System.Threading.Channels.ChannelWriter`1";
    private const string Factory = "System.Threading.Channels.Channel";

    static ChannelPatches() => DeptInstrumentedRun.EnsureStarted();

    /// <summary><c>Channel.CreateUnbounded&lt;T&gt;(...)</c> and <c>Channel.CreateBounded&lt;T&gt;(...)</c>: the creation site names the channel's class.</summary>
    [DeptPatch(Factory, "CreateUnbounded")]
    [DeptPatch(Factory, "CreateUnbounded", "System.Threading.Channels.UnboundedChannelOptions")]
    [DeptPatch(Factory, "CreateBounded", "System.Int32")]
    [DeptPatch(Factory, "CreateBounded", "System.Threading.Channels.BoundedChannelOptions")]
    [DeptPatch(Factory, "CreateBounded", "System.Threading.Channels.BoundedChannelOptions", "System.Action`1<!!0>")]
    public static class Create
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<T>(Channel<T> __result, DeptSite __site)
        {
            try
            {
                if (__result is not null && ContextBoundaries.Active)
                {
                    CreationSites.Remember(__result, __site, __result.Reader, __result.Writer);
                }
            }
            catch (Exception ex)
            {
                PatchFault.Report(ex);
            }
        }
    }

    /// <summary><c>channel.Reader</c>: links a reader of a channel created outside rewritten code to its channel.</summary>
    [DeptPatch("System.Threading.Channels.Channel`2", "get_Reader")]
    public static class GetReader
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<TWrite, TRead>(Channel<TWrite, TRead> __instance, ChannelReader<TRead> __result) => Link(__instance, __result);
    }

    /// <summary><c>channel.Writer</c>: links a writer of a channel created outside rewritten code to its channel.</summary>
    [DeptPatch("System.Threading.Channels.Channel`2", "get_Writer")]
    public static class GetWriter
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<TWrite, TRead>(Channel<TWrite, TRead> __instance, ChannelWriter<TWrite> __result) => Link(__instance, __result);
    }

    /// <summary><c>ReadAsync(CancellationToken)</c>: frees space; pending, a wait for a write.</summary>
    [DeptPatch(Reader, "ReadAsync", "System.Threading.CancellationToken")]
    public static class ReadAsync
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(ChannelReader<T> __instance, DeptSite __site) => Event(__instance, __site, item: false);

        /// <summary>Runs after the call.</summary>
        public static void Postfix<T>(ChannelReader<T> __instance, ValueTask<T> __result, DeptSite __site)
        {
            if (!__result.IsCompleted)
            {
                Wait(__instance, __site, item: true);
            }
        }
    }

    /// <summary><c>WaitToReadAsync(CancellationToken)</c>: pending, a wait for a write.</summary>
    [DeptPatch(Reader, "WaitToReadAsync", "System.Threading.CancellationToken")]
    public static class WaitToReadAsync
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<T>(ChannelReader<T> __instance, ValueTask<bool> __result, DeptSite __site)
        {
            if (!__result.IsCompleted)
            {
                Wait(__instance, __site, item: true);
            }
        }
    }

    /// <summary><c>TryRead(out T)</c>: frees space (the event of a writer waiting on a full bounded channel).</summary>
    [DeptPatch(Reader, "TryRead", "!0&")]
    public static class TryRead
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<T>(ChannelReader<T> __instance, bool __result, DeptSite __site)
        {
            if (__result)
            {
                Event(__instance, __site, item: false);
            }
        }
    }

    /// <summary><c>TryWrite(T)</c>: the readers' event.</summary>
    [DeptPatch(Writer, "TryWrite", "!0")]
    public static class TryWrite
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(ChannelWriter<T> __instance, DeptSite __site) => Event(__instance, __site, item: true);
    }

    /// <summary><c>WriteAsync(T, CancellationToken)</c>: the readers' event; pending (full), a wait for a read.</summary>
    [DeptPatch(Writer, "WriteAsync", "!0", "System.Threading.CancellationToken")]
    public static class WriteAsync
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(ChannelWriter<T> __instance, DeptSite __site) => Event(__instance, __site, item: true);

        /// <summary>Runs after the call.</summary>
        public static void Postfix<T>(ChannelWriter<T> __instance, ValueTask __result, DeptSite __site)
        {
            if (!__result.IsCompleted)
            {
                Wait(__instance, __site, item: false);
            }
        }
    }

    /// <summary><c>WaitToWriteAsync(CancellationToken)</c>: pending (full), a wait for a read.</summary>
    [DeptPatch(Writer, "WaitToWriteAsync", "System.Threading.CancellationToken")]
    public static class WaitToWriteAsync
    {
        /// <summary>Runs after the call.</summary>
        public static void Postfix<T>(ChannelWriter<T> __instance, ValueTask<bool> __result, DeptSite __site)
        {
            if (!__result.IsCompleted)
            {
                Wait(__instance, __site, item: false);
            }
        }
    }

    /// <summary><c>Complete(Exception)</c> and <c>TryComplete(Exception)</c>: wakes every reader.</summary>
    [DeptPatch(Writer, "Complete", "System.Exception")]
    [DeptPatch(Writer, "TryComplete", "System.Exception")]
    public static class Complete
    {
        /// <summary>Runs before the call.</summary>
        public static void Prefix<T>(ChannelWriter<T> __instance, DeptSite __site) => Event(__instance, __site, item: true);
    }

    private static void Link(object channel, object? part)
    {
        try
        {
            if (part is not null && !CreationSites.IsKnown(part) && ContextBoundaries.Active)
            {
                CreationSites.Remember(channel, site: null, part);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Wait(object? end, DeptSite? site, bool item)
    {
        try
        {
            if (end is null)
            {
                return;
            }

            var channel = CreationSites.Owner(end);
            if (item)
            {
                Queues.AwaitItem(channel, site);
            }
            else
            {
                Queues.AwaitSpace(channel, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }

    private static void Event(object? end, DeptSite? site, bool item)
    {
        try
        {
            if (end is null)
            {
                return;
            }

            var channel = CreationSites.Owner(end);
            if (item)
            {
                Queues.ItemAdded(channel, site);
            }
            else
            {
                Queues.SpaceFreed(channel, site);
            }
        }
        catch (Exception ex)
        {
            PatchFault.Report(ex);
        }
    }
}
