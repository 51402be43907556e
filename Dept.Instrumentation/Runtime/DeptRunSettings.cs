namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Settings of an instrumented run, read once when the first patch runs. Each comes from an environment variable
/// (<c>DEPT_*</c>, set by hand or by <c>dept test</c>) or, failing that, from a runtime configuration value
/// (<c>Dept.*</c> in <c>runtimeconfig.json</c>, which Dept's MSBuild targets write from project properties).
/// </summary>
public sealed class DeptRunSettings
{
    /// <summary>The default <see cref="FailExitCode"/>: 2, as the <c>dept</c> CLI's "cycle found".</summary>
    public const int DefaultFailExitCode = 2;

    /// <summary>Gets whether tracking is forced on (<c>true</c>), forced off (<c>false</c>) or decided by the presence of a rewritten assembly (<see langword="null"/>).</summary>
    /// <value><c>DEPT_ENABLED</c> / <c>Dept.Enabled</c>; default <see langword="null"/>.</value>
    public bool? Enabled { get; init; }

    /// <summary>Gets the directory that receives <c>dept-report.json</c> and <c>dept-summary.txt</c>.</summary>
    /// <value><c>DEPT_REPORT_DIR</c> / <c>Dept.ReportDirectory</c>; default <c>TestResults/dept</c> under the project directory found above the application base.</value>
    public string? ReportDirectory { get; init; }

    /// <summary>Gets whether a cycle makes the run fail (process exit code 2 and a failure marker for the MSBuild targets).</summary>
    /// <value><c>DEPT_FAIL_ON_CYCLE</c> / <c>Dept.FailOnCycle</c>; default <see langword="false"/>.</value>
    public bool FailOnCycle { get; init; }

    /// <summary>Gets the process exit code of a run that failed on a cycle (<see cref="FailOnCycle"/>).</summary>
    /// <value><c>DEPT_FAIL_EXIT_CODE</c> / <c>Dept.FailExitCode</c>, 1 to 255; default 2. Pick one your application never returns itself.</value>
    public int FailExitCode { get; init; } = DefaultFailExitCode;

    /// <summary>Gets whether reports carry stack traces (slower).</summary>
    /// <value><c>DEPT_CAPTURE_STACKS</c> / <c>Dept.CaptureStacks</c>; default <see langword="false"/>.</value>
    public bool CaptureStacks { get; init; }

    /// <summary>Gets whether waits with a timeout take part in cycles (reported as circular dependencies, not deadlocks).</summary>
    /// <value><c>DEPT_TRACK_TIMEOUT_WAITS</c> / <c>Dept.TrackTimeoutWaits</c>; default <see langword="false"/> (DEPT's default).</value>
    public bool TrackTimeoutWaits { get; init; }

    /// <summary>Gets whether the summary is printed on the console at exit.</summary>
    /// <value><c>DEPT_QUIET</c> / <c>Dept.Quiet</c> turns it off; default <see langword="true"/>.</value>
    public bool PrintSummary { get; init; } = true;

    /// <summary>Reads the settings of this process.</summary>
    /// <exception cref="FormatException">A setting is not a boolean (<c>true/false/1/0/yes/no/on/off</c>) or an exit code is not 1-255; the message names it.</exception>
    public static DeptRunSettings FromEnvironment() => FromLookup(Lookup);

    /// <summary>Reads settings through <paramref name="lookup"/>, which maps a <c>DEPT_*</c> name to its value or <see langword="null"/>.</summary>
    /// <exception cref="FormatException">A setting is not a boolean; the message names it.</exception>
    public static DeptRunSettings FromLookup(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return new DeptRunSettings
        {
            Enabled = ReadBool(lookup, "DEPT_ENABLED"),
            ReportDirectory = NullIfEmpty(lookup("DEPT_REPORT_DIR")),
            FailOnCycle = ReadBool(lookup, "DEPT_FAIL_ON_CYCLE") ?? false,
            FailExitCode = ReadExitCode(lookup, "DEPT_FAIL_EXIT_CODE") ?? DefaultFailExitCode,
            CaptureStacks = ReadBool(lookup, "DEPT_CAPTURE_STACKS") ?? false,
            TrackTimeoutWaits = ReadBool(lookup, "DEPT_TRACK_TIMEOUT_WAITS") ?? false,
            PrintSummary = !(ReadBool(lookup, "DEPT_QUIET") ?? false),
        };
    }

    /// <summary>Environment first, then the runtime configuration key with the same meaning (<c>DEPT_FAIL_ON_CYCLE</c> → <c>Dept.FailOnCycle</c>).</summary>
    private static string? Lookup(string name)
        => NullIfEmpty(Environment.GetEnvironmentVariable(name)) ?? AppContext.GetData(ConfigName(name))?.ToString();

    internal static string ConfigName(string variable)
    {
        var parts = variable["DEPT_".Length..].Split('_');
        var name = string.Concat(parts.Select(static p => p[..1] + p[1..].ToLowerInvariant()));
        return "Dept." + (name == "ReportDir" ? "ReportDirectory" : name);
    }

    private static bool? ReadBool(Func<string, string?> lookup, string name)
    {
        var value = NullIfEmpty(lookup(name));
        return value?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw new FormatException($"{name}='{value}' is not a boolean; use true/false, 1/0, yes/no or on/off."),
        };
    }

    private static int? ReadExitCode(Func<string, string?> lookup, string name)
    {
        var value = NullIfEmpty(lookup(name));
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 1 and <= 255
            ? code
            : throw new FormatException($"{name}='{value}' is not an exit code; use a number from 1 to 255 (0 would not fail the run).");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
