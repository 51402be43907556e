namespace Dept.Viewer.Attach;

/// <summary>
/// Runs a ClrMD snapshot on its own thread with a time limit (#6). ClrMD waits for ptrace stops; if something else
/// reaps them (a parent process's SIGCHLD handling, say) it would wait forever, and dept must not hang with it.
/// </summary>
internal static class ClrMdGuard
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public static T? Run<T>(Func<T> snapshot, string what, out string? warning)
        where T : class
    {
        T? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = snapshot();
            }
            catch (Exception ex)
            {
                // ClrMD throws many types (ptrace refused, target exited, unsupported runtime): all mean "no snapshot".
                failure = ex;
            }
        })
        { IsBackground = true, Name = "dept clrmd snapshot" };
        thread.Start();
        if (!thread.Join(Limit))
        {
            warning = $"{what}: ClrMD did not finish within {Limit.TotalSeconds:0} s; going on without it";
            return null;
        }

        warning = failure is null ? null : $"{what}: {failure.GetType().Name}: {failure.Message}; run dept as the target's user or root, with ptrace allowed";
        return result;
    }
}
