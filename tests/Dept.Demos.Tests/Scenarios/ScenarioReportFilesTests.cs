using Dept.Core.Snapshots;
using DmaBuf.Scenarios.Running;
using DmaBuf.Scenarios.Scenarios;

namespace Dept.Demos.Tests.Scenarios;

/// <summary>The scenario runner's one JSON report per scenario (#14): what the viewer and <c>dept show</c> open.</summary>
public sealed class ScenarioReportFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dept-scenarios-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EachScenario_WritesItsOwnReport_NamedAfterItsId_WithTheSameCycles()
    {
        var cycle = ScenarioAssert.Meets(new D01WaitUnderLock());
        var clean = ScenarioAssert.Meets(new CleanWorkload());

        var files = ReportFiles.Write(Path.Combine(_dir, "nested", "reports"), [cycle, clean]);

        Assert.Equal([Path.Combine(_dir, "nested", "reports", cycle.Scenario.Id + ".json"), Path.Combine(_dir, "nested", "reports", clean.Scenario.Id + ".json")], files);
        var document = DeptDocumentJson.ReadFile(files[0]);
        Assert.Equal(cycle.Reports.Select(r => r.Fingerprint), document.Reports.Select(r => r.Fingerprint));
        Assert.NotEmpty(document.Reports);
        Assert.Equal($"DmaBuf.Scenarios {cycle.Scenario.Id}", document.Source);
        Assert.Empty(DeptDocumentJson.ReadFile(files[1]).Reports);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "nested", "reports"), "*.tmp"));
    }

    [Fact]
    public void DefaultFolder_IsUnderTheRunnersOutput() =>
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "reports"), ReportFiles.DefaultDirectory);
}
