using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace Dept.Viewer.Attach;

/// <summary>
/// One-shot managed stacks of chosen threads of another process through ClrMD (#6). Attaching suspends the target
/// for the snapshot and needs ptrace permission (root, or the same user with a permissive
/// <c>kernel.yama.ptrace_scope</c>); when it fails the caller gets a warning and no stacks.
/// </summary>
internal static class ClrMdStacks
{
    private const int MaxFrames = 32;

    public static IReadOnlyDictionary<long, IReadOnlyList<string>> Capture(int processId, IReadOnlyCollection<long> osThreadIds, out string? warning)
    {
        warning = null;
        var stacks = new Dictionary<long, IReadOnlyList<string>>();
        try
        {
            using var target = DataTarget.AttachToProcess(processId, suspend: true);
            var clr = target.ClrVersions.FirstOrDefault();
            if (clr is null)
            {
                warning = $"no CLR found in process {processId}; stacks are not available";
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
        }
        catch (Exception ex)
        {
            // ClrMD throws a variety of types (ptrace refused, target exited, unsupported runtime): all mean "no stacks".
            warning = $"could not read the stacks of process {processId} with ClrMD ({ex.GetType().Name}: {ex.Message}); run dept as the target's user or root, with ptrace allowed";
        }

        return stacks;
    }

    private static string Frame(ClrStackFrame frame) => frame.Method is { } method
        ? method.Signature ?? method.Name ?? "?"
        : string.Create(CultureInfo.InvariantCulture, $"[{frame.FrameName ?? frame.Kind.ToString()}]");
}
