using Dept.Instrumentation.Runtime;

namespace Dept.Instrumentation.Tests.Runtime;

public sealed class DeptRunSettingsTests
{
    [Fact]
    public void FromLookup_Defaults_WhenNothingIsSet()
    {
        var settings = DeptRunSettings.FromLookup(static _ => null);

        Assert.Null(settings.Enabled);
        Assert.Null(settings.ReportDirectory);
        Assert.False(settings.FailOnCycle);
        Assert.False(settings.CaptureStacks);
        Assert.False(settings.TrackTimeoutWaits);
        Assert.True(settings.PrintSummary);
        Assert.Equal(2, settings.FailExitCode);
    }

    [Fact]
    public void FromLookup_ReadsEveryVariable()
    {
        var values = new Dictionary<string, string>
        {
            ["DEPT_ENABLED"] = "yes",
            ["DEPT_REPORT_DIR"] = "/tmp/x",
            ["DEPT_FAIL_ON_CYCLE"] = "1",
            ["DEPT_CAPTURE_STACKS"] = "ON",
            ["DEPT_TRACK_TIMEOUT_WAITS"] = "true",
            ["DEPT_QUIET"] = "true",
            ["DEPT_FAIL_EXIT_CODE"] = "97",
        };

        var settings = DeptRunSettings.FromLookup(n => values.GetValueOrDefault(n));

        Assert.True(settings.Enabled);
        Assert.Equal("/tmp/x", settings.ReportDirectory);
        Assert.True(settings.FailOnCycle);
        Assert.True(settings.CaptureStacks);
        Assert.True(settings.TrackTimeoutWaits);
        Assert.False(settings.PrintSummary);
        Assert.Equal(97, settings.FailExitCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("two")]
    public void FromLookup_BadExitCode_NamesTheVariableAndTheRange(string value)
    {
        var ex = Assert.Throws<FormatException>(() => DeptRunSettings.FromLookup(n => n == "DEPT_FAIL_EXIT_CODE" ? value : null));

        Assert.Contains($"DEPT_FAIL_EXIT_CODE='{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 255", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLookup_NotABoolean_NamesTheVariable()
    {
        var ex = Assert.Throws<FormatException>(() => DeptRunSettings.FromLookup(static n => n == "DEPT_FAIL_ON_CYCLE" ? "maybe" : null));

        Assert.Contains("DEPT_FAIL_ON_CYCLE='maybe'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DEPT_FAIL_ON_CYCLE", "Dept.FailOnCycle")]
    [InlineData("DEPT_REPORT_DIR", "Dept.ReportDirectory")]
    [InlineData("DEPT_ENABLED", "Dept.Enabled")]
    [InlineData("DEPT_TRACK_TIMEOUT_WAITS", "Dept.TrackTimeoutWaits")]
    public void ConfigName_MapsVariablesToRuntimeConfigKeys(string variable, string key)
        => Assert.Equal(key, DeptRunSettings.ConfigName(variable));
}
