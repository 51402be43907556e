using Dept.Viewer.Attach;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>Repro 15 of the reliability review (#13): a second simultaneous attach to one process is told so.</summary>
public sealed class AttachLockTests
{
    [Fact]
    public void SecondAttachToTheSameProcess_IsRefusedTheLock_AndWarnsAboutMissingStacks()
    {
        var pid = 2_000_000_000 - Environment.ProcessId; // a process id no other test attaches to
        using (var first = AttachLock.TryTake(pid))
        {
            Assert.NotNull(first);
            Assert.Null(AttachLock.TryTake(pid));
            Assert.Contains("stacks may be missing", AttachLock.Warning(pid, clrMd: true), StringComparison.Ordinal);
        }

        using var again = AttachLock.TryTake(pid); // released when the first attach ends
        Assert.NotNull(again);
    }
}
