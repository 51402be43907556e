using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Runtime;

public sealed class ReportDirectoryTests
{
    [Fact]
    public void Configured_Wins()
        => Assert.Equal(Path.GetFullPath("/tmp/dept-out"), ReportDirectory.Resolve("/tmp/dept-out"));

    [Fact]
    public void Default_IsTestResultsDeptUnderTheProjectAboveTheOutput()
    {
        var root = Path.Combine(Path.GetTempPath(), "dept-rd-" + Guid.NewGuid().ToString("N"));
        var bin = Path.Combine(root, "Orders.Tests", "bin", "Debug", "net10.0");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(root, "Orders.Tests", "Orders.Tests.csproj"), "<Project />");
        try
        {
            Assert.Equal(Path.Combine(root, "Orders.Tests"), ReportDirectory.ProjectDirectory(bin));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Default_ForThisTestRun_IsThisProjectsTestResults()
        => Assert.EndsWith(Path.Combine("Dept.Instrumentation.Tests", "TestResults", "dept"), ReportDirectory.Resolve(null), StringComparison.Ordinal);

    [Fact]
    public void SourceName_InATestHost_IsTheTestAssemblyNotTesthost()
        => Assert.Equal("Dept.Instrumentation.Tests", DeptInstrumentedRun.SourceName());
}
