using Dept.Core.Annotations;

namespace Dept.Demos.Tests.Support;

/// <summary>
/// The slot a test passes when it calls a patch directly, as the rewriter's per-method local would be: one per thread
/// (a test's calls on one thread behave like one long method invocation; another thread gets its own).
/// </summary>
internal static class TestSlot
{
    [ThreadStatic]
    private static DeptThreadSlot t_current;

    public static ref DeptThreadSlot Current => ref t_current;
}
