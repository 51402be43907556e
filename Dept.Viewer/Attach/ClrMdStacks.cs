using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace Dept.Viewer.Attach;

/// <summary>
/// One-shot managed stacks of chosen threads of another process through ClrMD (#6). Attaching suspends the target
/// for the snapshot and needs ptrace permission (root, or the same user with a permissive
/// <c>kernel.yama.ptrace_scope</c>); when it fails or hangs the caller gets a warning and no stacks.
/// </summary>
internal static class ClrMdStacks
{
    private const int MaxFrames = 32;

    public static IReadOnlyDictionary<long, IReadOnlyList<string>> Capture(int processId, IReadOnlyCollection<long> osThreadIds, out string? warning) =>
        ClrMdGuard.Run(() => Read(processId, osThreadIds), $"could not read the stacks of process {processId}", out warning)
        ?? new Dictionary<long, IReadOnlyList<string>>();

    private static Dictionary<long, IReadOnlyList<string>> Read(int processId, IReadOnlyCollection<long> osThreadIds)
    {
        var stacks = new Dictionary<long, IReadOnlyList<string>>();
        using var target = DataTarget.AttachToProcess(processId, suspend: true);
        if (target.ClrVersions.FirstOrDefault() is not { } clr)
        {
            return stacks;
        }

        using var runtime = clr.CreateRuntime();
        foreach (var thread in runtime.Threads)
        {
            if (osThreadIds.Contains(thread.OSThreadId))
            {
                stacks[thread.OSThreadId] = [.. thread.EnumerateStackTrace().Take(MaxFrames).Select(Frame)];
            }
        }

        return stacks;
    }

    private static string Frame(ClrStackFrame frame) => frame.Method is { } method
        ? method.Signature ?? method.Name ?? "?"
        : string.Create(CultureInfo.InvariantCulture, $"[{frame.FrameName ?? frame.Kind.ToString()}]");
}
