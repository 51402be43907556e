namespace Dept.Instrumentation.Rewriting;

/// <summary>The result of rewriting one assembly.</summary>
/// <param name="Path">The input assembly.</param>
/// <param name="Output">Where the result is (the input when rewritten in place).</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">Why it was skipped or failed; empty otherwise.</param>
/// <param name="Instrumented">Call sites rewritten.</param>
/// <param name="Uninstrumented">Calls to APIs Dept cannot follow, recorded in the manifest.</param>
/// <param name="Skipped">Call sites of patched methods left alone (constrained or base calls, value-type method groups).</param>
/// <param name="Elapsed">Time spent on this assembly.</param>
public sealed record DeptRewriteResult(
    string Path,
    string Output,
    DeptRewriteOutcome Outcome,
    string Message,
    int Instrumented,
    int Uninstrumented,
    int Skipped,
    TimeSpan Elapsed);
