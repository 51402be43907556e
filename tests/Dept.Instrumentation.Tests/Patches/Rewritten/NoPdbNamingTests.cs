using Dept.Core.Reports;

namespace Dept.Instrumentation.Tests.Patches.Rewritten;

/// <summary>
/// Rewriting an assembly without its PDB: the rewriter knows no file or line, so a call-site class is named by the
/// calling method, and several call sites of one operation in one method get their order in it as a qualifier
/// (<c>#1</c>, <c>#2</c>): each call site is still its own class, with the same name in every run. Report locations
/// then carry the member and IL offset instead of a line.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class NoPdbNamingTests : IClassFixture<RewrittenTargetsWithoutPdb>
{
    private const string OneLineNested = "Dept.Patches.Targets.OneLine.Nested";
    private readonly RewrittenTargetsWithoutPdb _targets;

    public NoPdbNamingTests(RewrittenTargetsWithoutPdb targets)
    {
        _targets = targets;
        Assert.False(File.Exists(Path.ChangeExtension(_targets.AppPath, ".pdb")));
        using var loading = new PatchEngine();
        _targets.Load();
    }

    [Fact]
    public void TwoLocksInOneMethod_AreTwoClassesByTheirOrder_NoSelfDeadlock()
    {
        using var dept = new PatchEngine();

        Assert.Equal(2, _targets.Run("LocksOnOneLine"));

        // Named by the method alone, both call sites would be one class, and the nesting a lock taken inside itself.
        Assert.True(dept.Reports.Count == 0, dept.Describe());
        Assert.Contains($"Monitor.Enter@{OneLineNested}#1 -> Monitor.Enter@{OneLineNested}#2", dept.Edges());
        Assert.DoesNotContain(dept.Edges(), static e => e.Split(" -> ") is [var from, var to] && from == to);
    }

    [Fact]
    public void LockOrderInversion_IsReportedWithFieldClasses_AndLocationsByMemberAndIlOffset()
    {
        using var dept = new PatchEngine();

        var report = _targets.RunLockOrderInversion(dept);
        foreach (var wait in report.Contexts.Select(static c => c.Wait))
        {
            var location = Assert.IsType<DeptSourceLocation>(wait.Location);
            Assert.Null(location.File);
            Assert.Equal(0, location.Line);
            Assert.StartsWith("Dept.Patches.Targets.", location.Member, StringComparison.Ordinal);
            Assert.True(location.IlOffset >= 0, $"IL offset {location.IlOffset} for {wait.ClassName}");
            Assert.Equal($"{location.Member}+IL_{location.IlOffset:x4}", location.ToString()); // as the rewrite manifest names it
        }

        // The text report shows the same: the waits are told apart by IL offset within their methods.
        var text = TextReportRenderer.Render(report);
        Assert.Contains("+IL_", text, StringComparison.Ordinal);
    }
}
