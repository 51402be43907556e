using Dept.Core.Annotations;
using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Cli;

public sealed class MergeCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>One shard: takes <paramref name="first"/> then <paramref name="second"/> (one half of an AB-BA).</summary>
    private static DeptEngine Shard(string first, string second)
    {
        var engine = EngineGraphs.NewEngine();
        object a = new(), b = new();
        var t = new Thread(() =>
        {
            engine.Acquire(DeptKey.Named(first), a, DeptSite.Create("Monitor.Enter", "Shard.Run", "/src/Shard.cs", 1));
            engine.Acquire(DeptKey.Named(second), b, DeptSite.Create("Monitor.Enter", "Shard.Run", "/src/Shard.cs", 2));
            engine.Release(b);
            engine.Release(a);
        });
        t.Start();
        Assert.True(t.Join(TimeSpan.FromSeconds(30)));
        return engine;
    }

    [Fact]
    public void ShardsThatEachSeeHalfACycle_MergeIntoOneGraph_ThatReportsTheUnionOnlyCycle()
    {
        var a = _cli.Save("shard-a.json", Shard("Bank.Accounts", "Bank.Ledger"));
        var b = _cli.Save("shard-b.json", Shard("Bank.Ledger", "Bank.Accounts"));
        var c = _cli.Save("shard-c.json", EngineGraphs.KnownCycles());
        Assert.Empty(DeptDocumentJson.ReadFile(a).Reports);
        Assert.Empty(DeptDocumentJson.ReadFile(b).Reports);

        var (code, stdout, stderr) = CliRunner.Run("merge", a, b, c, "-o", _cli.Path("merged.json"));

        Assert.Equal(2, code);
        Assert.Contains("importing shard-c.json (3/3)", stderr, StringComparison.Ordinal);
        Assert.Contains("1 cycles are closed only by the union", stdout, StringComparison.Ordinal);
        Assert.Contains("Bank.Accounts", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Shop.Orders.Lock", stdout[stdout.IndexOf("union", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var merged = DeptDocumentJson.ReadFile(_cli.Path("merged.json"));
        Assert.Equal(4, merged.Reports.Count);
        Assert.Equal(9, merged.Classes.Count);
        Assert.Contains(merged.Reports, r => r.Contexts.Any(x => x.Wait.ClassName == "Bank.Ledger"));
    }

    [Fact]
    public void Merge_WithoutCycles_Exit0()
    {
        var a = _cli.Save("a.json", Shard("X.One", "X.Two"));
        var b = _cli.Save("b.json", Shard("X.Two", "X.Three"));
        var (code, stdout, _) = CliRunner.Run("merge", a, b, "-o", _cli.Path("m.json"));
        Assert.Equal(0, code);
        Assert.Contains("3 classes, 2 dependencies, 0 cycles", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OneBadInput_Exit1_AndWritesNothing()
    {
        var a = _cli.Save("a.json", Shard("X.One", "X.Two"));
        var bad = _cli.Write("bad.json", "{\"schema\": \"something/else\"}");
        var (code, _, err) = CliRunner.Run("merge", a, bad, "-o", _cli.Path("m.json"));
        Assert.Equal(1, code);
        Assert.Contains("bad.json: not a Dept report", err, StringComparison.Ordinal);
        Assert.Equal(["a.json", "bad.json"], _cli.Files());
    }

    [Fact]
    public void Merge_SeveralBadInputs_NamesTheFirstInTheOrderGiven_ThoughTheyAreReadInParallel()
    {
        var a = _cli.Save("a.json", Shard("X.One", "X.Two"));
        var first = _cli.Write("first.json", "not json");
        var second = _cli.Write("second.json", "{\"schema\": \"something/else\"}");
        var (code, _, err) = CliRunner.Run("merge", a, first, second, "-o", _cli.Path("m.json"));
        Assert.Equal(1, code);
        Assert.StartsWith("dept merge: ", err, StringComparison.Ordinal);
        Assert.Contains("first.json: not valid JSON", err, StringComparison.Ordinal);
        Assert.DoesNotContain("second.json", err, StringComparison.Ordinal);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
