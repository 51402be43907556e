namespace Dept.Viewer.Cli;

/// <summary>Exit codes of the <c>dept</c> CLI (docs/reference/cli.md). Mirrors Coyote's <c>ExitCode.BugFound = 2</c>.</summary>
public enum ExitCode
{
    /// <summary>The command ran and found no dependency cycle.</summary>
    Clean = 0,

    /// <summary>The command failed: bad input, unreadable file, unreachable process. Nothing was written.</summary>
    Error = 1,

    /// <summary>The command ran and at least one cycle (potential or actual deadlock) was found.</summary>
    CycleFound = 2,
}
