namespace Dept.Patches.Targets;

/// <summary>
/// Two locks taken on one source line: two call sites, so two call-site classes (the rewriter tells them apart by
/// column). Named by the line alone they were one class, and the nesting read as a lock taken inside itself (AA).
/// Keep each method on one line: the tests find the columns in this file's text.
/// </summary>
public static class OneLine
{
#pragma warning disable SA1501, SA1107 // One line on purpose: the case under test.
    public static int Nested(object a, object b) { lock (a) { lock (b) { return 1; } } }
#pragma warning restore SA1501, SA1107
}
