using Dept.Core.Annotations;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;
using Nito.AsyncEx;

namespace Dept.Patches.AsyncEx;

/// <summary>The shared bodies of the pack's patches; each one is a fault boundary (never throws into user code).</summary>
internal static class Plumbing
{
    private static readonly Type s_lockKey = typeof(AsyncLock).GetNestedType("Key", System.Reflection.BindingFlags.NonPublic)!;
    private static readonly Type s_readerKey = typeof(AsyncReaderWriterLock).GetNestedType("ReaderKey", System.Reflection.BindingFlags.NonPublic)!;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDisposable, object> s_syncKeys = new();
    private static readonly Type s_writerKey = typeof(AsyncReaderWriterLock).GetNestedType("WriterKey", System.Reflection.BindingFlags.NonPublic)!;

    /// <summary>Whether <paramref name="disposable"/> is a key of an AsyncEx lock.</summary>
    public static bool IsKey(IDisposable? disposable)
    {
        var type = disposable?.GetType();
        return type is not null && (type == s_lockKey || type == s_readerKey || type == s_writerKey);
    }

    /// <summary>Suppresses tracking on this thread while the library's plumbing runs.</summary>
    public static SuppressionScope Enter() => DeptContext.Suppress();

    public static void Acquire(object instance, DeptLockMode mode, DeptSite? site)
    {
        try
        {
            DeptLdt.AcquireFlow(DeptPatchSupport.ClassOf(site), instance, site, mode);
        }
        catch (Exception ex)
        {
            DeptPatchSupport.Fault(ex);
        }
    }

    public static void AcquireAsync(object instance, Task<IDisposable> acquire, DeptLockMode mode, DeptSite? site)
    {
        try
        {
            DeptLdt.AcquireFlow(DeptPatchSupport.ClassOf(site), instance, site, mode, acquired: acquire);
        }
        catch (Exception ex)
        {
            DeptPatchSupport.Fault(ex);
        }
    }

    /// <summary>After a sync acquire: remembers which lock the key releases, or forgets the acquire when it threw.</summary>
    public static void Acquired(object instance, IDisposable? key, Exception? exception)
    {
        try
        {
            if (exception is not null)
            {
                DeptRuntime.Current?.AbandonFlow(instance);
            }
            else if (key is not null)
            {
                s_syncKeys.AddOrUpdate(key, instance);
            }
        }
        catch (Exception ex)
        {
            DeptPatchSupport.Fault(ex);
        }
    }

    public static void Release(IDisposable key, DeptSite? site)
    {
        try
        {
            // An async acquire's entry is found by its task's result (the key); a sync one by its lock.
            DeptLdt.ReleaseFlow(s_syncKeys.TryGetValue(key, out var instance) ? instance : key, site);
        }
        catch (Exception ex)
        {
            DeptPatchSupport.Fault(ex);
        }
    }

    public static void Block(Task? task, DeptSite? site)
    {
        try
        {
            DeptPatchSupport.BlockingWait(task, site);
        }
        catch (Exception ex)
        {
            DeptPatchSupport.Fault(ex);
        }
    }
}
