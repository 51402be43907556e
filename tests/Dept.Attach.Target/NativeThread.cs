using System.Runtime.InteropServices;

namespace Dept.Attach.Target;

/// <summary>The OS thread id, which is what the runtime's contention events carry as the owner and waiter.</summary>
internal static partial class NativeThread
{
    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    /// <summary>The calling thread's OS id (Linux <c>gettid</c>).</summary>
    public static int CurrentId => GetTid();
}
