namespace Dept.Instrumentation.Rewriting;

/// <summary>What happened to one assembly.</summary>
public enum DeptRewriteOutcome
{
    /// <summary>Call sites were rewritten (or uninstrumented calls recorded) and the file replaced.</summary>
    Rewritten,

    /// <summary>Already rewritten with the same patch set: the file was not touched.</summary>
    AlreadyRewritten,

    /// <summary>No patched or uninstrumented call site: the file was not touched.</summary>
    NothingToRewrite,

    /// <summary>Deliberately left alone: Dept's own, a framework or a patch assembly.</summary>
    Skipped,

    /// <summary>Refused or failed (see the message): the file was not touched.</summary>
    Failed,
}
