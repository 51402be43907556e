using Dept.Core.Options;

namespace Dept.Core.Tests.Options;

public sealed class DeptOptionsEnvironmentTests
{
    [Fact]
    public void EveryScalarOption_HasItsVariable()
    {
        var env = new Dictionary<string, string>
        {
            ["DEPT_MAX_WAIT_HISTORY"] = "4096",
            ["DEPT_MAX_HELD_CONTEXTS"] = " 64 ",
            ["DEPT_MAX_CLASSES"] = "1_000_000",
            ["DEPT_MAX_DEPENDENCIES"] = "2000000",
            ["DEPT_MAX_STACK_FRAMES"] = "32",
            ["DEPT_CAPTURE_STACKS"] = "off",
            ["DEPT_SHARE_STACKS_BY_SITE"] = "0",
            ["DEPT_TRACK_TIMEOUT_WAITS"] = "yes",
            ["DEPT_DETECT_ABANDONED_SOURCES"] = "false",
            ["DEPT_DETECT_NEVER_FIRED_EVENTS"] = "off",
            ["DEPT_MAX_TRACKED_SOURCES"] = "4096",
            ["DEPT_SOURCE"] = "nightly suite",
        };

        var options = DeptOptions.FromEnvironment(n => env.GetValueOrDefault(n));

        Assert.Equal(4096, options.MaxWaitHistory);
        Assert.Equal(64, options.MaxHeldContexts);
        Assert.Equal(1_000_000, options.MaxClasses);
        Assert.Equal(2_000_000, options.MaxDependencies);
        Assert.Equal(32, options.MaxStackFrames);
        Assert.False(options.CaptureStacks);
        Assert.False(options.ShareStacksBySite);
        Assert.True(options.TrackTimeoutWaits);
        Assert.False(options.DetectAbandonedSources);
        Assert.False(options.DetectNeverFiredEvents);
        Assert.Equal(4096, options.MaxTrackedSources);
        Assert.Equal("nightly suite", options.Source);
        options.Validate();

        // Every settable scalar property is covered by a variable (a new option must get one).
        var scalar = typeof(DeptOptions).GetProperties()
            .Where(p => p.CanWrite && (p.PropertyType == typeof(int) || p.PropertyType == typeof(bool) || p.PropertyType == typeof(string)))
            .Select(p => DeptOptions.EnvironmentName(p.Name));
        Assert.Equal(env.Keys.Order(), scalar.Order());
    }

    [Fact]
    public void UnsetOrEmpty_KeepsDefaults()
    {
        var options = DeptOptions.FromEnvironment(n => n == "DEPT_MAX_CLASSES" ? "  " : null);
        var defaults = new DeptOptions();
        Assert.Equal(defaults.MaxClasses, options.MaxClasses);
        Assert.Equal(defaults.MaxWaitHistory, options.MaxWaitHistory);
        Assert.True(options.CaptureStacks);
        Assert.True(options.ShareStacksBySite);
    }

    [Theory]
    [InlineData("DEPT_MAX_WAIT_HISTORY", "lots", "DEPT_MAX_WAIT_HISTORY='lots' is not a whole number")]
    [InlineData("DEPT_MAX_CLASSES", "1e6", "DEPT_MAX_CLASSES='1e6' is not a whole number")]
    [InlineData("DEPT_CAPTURE_STACKS", "maybe", "DEPT_CAPTURE_STACKS='maybe' is not a boolean")]
    public void Malformed_NamesTheVariableAndValue(string variable, string value, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => DeptOptions.FromEnvironment(n => n == variable ? value : null));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DEPT_MAX_WAIT_HISTORY", "1", "from 2 to 65536")]
    [InlineData("DEPT_MAX_HELD_CONTEXTS", "0", "from 1 to 4096")]
    [InlineData("DEPT_MAX_DEPENDENCIES", "99999999999", "from 1 to 268435456")]
    public void OutOfRange_NamesTheVariableAndTheRange(string variable, string value, string range)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DeptOptions.FromEnvironment(n => n == variable ? value : null));
        Assert.Equal(variable, ex.ParamName);
        Assert.Contains($"{variable}={value} is out of range", ex.Message, StringComparison.Ordinal);
        Assert.Contains(range, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxWaitHistory", "DEPT_MAX_WAIT_HISTORY")]
    [InlineData("ShareStacksBySite", "DEPT_SHARE_STACKS_BY_SITE")]
    [InlineData("Source", "DEPT_SOURCE")]
    public void EnvironmentName_IsTheUpperSnakeCaseOfTheOption(string option, string variable)
        => Assert.Equal(variable, DeptOptions.EnvironmentName(option));
}
