using System.Globalization;
using Microsoft.Diagnostics.Runtime;

namespace Dept.Viewer.Attach;

/// <summary>
/// One-shot details of chosen threads of another process through ClrMD (#6, #14): stacks with source lines, thread
/// names, and the fields holding the lock objects. Attaching suspends the target for the snapshot and needs ptrace
/// permission (root, or the same user with a permissive <c>kernel.yama.ptrace_scope</c>); when it fails or hangs the
/// caller gets a warning and no details.
/// </summary>
internal static class ClrMdStacks
{
    private const int MaxFrames = 32;

    public static ClrMdDetails Capture(int processId, IReadOnlyCollection<long> osThreadIds, IReadOnlyCollection<ulong> lockObjects, out string? warning) =>
        ClrMdGuard.Run(() => Read(processId, osThreadIds, lockObjects), $"could not read the stacks of process {processId}", out warning)
        ?? ClrMdDetails.Empty;

    private static ClrMdDetails Read(int processId, IReadOnlyCollection<long> osThreadIds, IReadOnlyCollection<ulong> lockObjects)
    {
        using var target = DataTarget.AttachToProcess(processId, suspend: true);
        if (target.ClrVersions.FirstOrDefault() is not { } clr)
        {
            return ClrMdDetails.Empty;
        }

        using var runtime = clr.CreateRuntime();
        using var lines = new PdbLines();
        var stacks = new Dictionary<long, IReadOnlyList<string>>();
        var managedIds = new Dictionary<int, long>();
        foreach (var thread in runtime.Threads)
        {
            if (osThreadIds.Contains(thread.OSThreadId))
            {
                stacks[thread.OSThreadId] = [.. thread.EnumerateStackTrace().Take(MaxFrames).Select(f => Frame(f, lines))];
                managedIds[thread.ManagedThreadId] = thread.OSThreadId;
            }
        }

        var (names, owners) = HeapNames.Find(runtime, managedIds, lockObjects);
        return new ClrMdDetails(stacks, names, owners);
    }

    private static string Frame(ClrStackFrame frame, PdbLines lines)
    {
        if (frame.Method is not { } method)
        {
            return string.Create(CultureInfo.InvariantCulture, $"[{frame.FrameName ?? frame.Kind.ToString()}]");
        }

        var name = FrameNames.Readable(method.Signature ?? method.Name ?? "?");
        var ilOffset = frame.InstructionPointer == 0 ? -1 : method.GetILOffset(frame.InstructionPointer);
        return lines.Find(method.Type?.Module?.Name, method.MetadataToken, ilOffset) is var (file, line)
            ? string.Create(CultureInfo.InvariantCulture, $"{name} ({Path.GetFileName(file)}:{line})")
            : name;
    }
}
