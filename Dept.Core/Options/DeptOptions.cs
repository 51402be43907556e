using Dept.Core.Reports;

namespace Dept.Core.Options;

/// <summary>
/// Options of one engine, validated once when the engine is built (<see cref="Validate"/>). DEPT's compile-time
/// constants become options with DEPT's values as defaults.
/// </summary>
/// <remarks>Not thread-safe while being configured; the engine copies what it needs at construction.</remarks>
public sealed class DeptOptions
{
    /// <summary>Gets or sets the per-context wait history ring size (DEPT's <c>DEPT_MAX_WAIT_HIST</c>).</summary>
    /// <value>64.</value>
    public int MaxWaitHistory { get; set; } = 64;

    /// <summary>Gets or sets how many event contexts one context may hold (DEPT's <c>DEPT_MAX_ECXT_HELD</c>).</summary>
    /// <value>48.</value>
    public int MaxHeldContexts { get; set; } = 48;

    /// <summary>
    /// Gets or sets the class bound. DEPT starts with a 4,096-class pool and refills it from memory; a test suite
    /// with many call-site classes needs more, so the default is larger: as large as the dependency bound, so a
    /// program at the scale the engine is measured at (100,000 classes, 1,000,000 dependencies) fits by default.
    /// Classes cost about 100 bytes each. When reached, no new class is added (one warning) and tracking goes on for
    /// the classes it has.
    /// </summary>
    /// <value>1,048,576.</value>
    public int MaxClasses { get; set; } = 1 << 20;

    /// <summary>Gets or sets the dependency (edge) bound; when reached, new edges are dropped with one warning.</summary>
    /// <value>1,048,576.</value>
    public int MaxDependencies { get; set; } = 1 << 20;

    /// <summary>Gets or sets the frames kept per captured stack (DEPT's <c>DEPT_MAX_STACK_ENTRY</c>).</summary>
    /// <value>16.</value>
    public int MaxStackFrames { get; set; } = 16;

    /// <summary>Gets or sets whether a stack is captured when a dependency is first seen (never on the known-edge path).</summary>
    /// <value><see langword="true"/>.</value>
    public bool CaptureStacks { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a dependency first seen at the same pair of sites as an earlier one (the start and the
    /// wait of a lock context, the wait and the event of an implicit one) reuses that one's stack instead of walking
    /// the thread's stack again. The sites already fix the innermost frames; what differs is how the code got
    /// there, which the first stack shows for all. Off, every new dependency walks its own stack (microseconds each,
    /// see docs/performance.md).
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool ShareStacksBySite { get; set; } = true;

    /// <summary>
    /// Gets or sets whether timeout waits are tracked. Off (DEPT's default), they are ignored entirely; on, a cycle
    /// through one is reported as a timeout-bounded circular dependency, not a deadlock.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool TrackTimeoutWaits { get; set; }

    /// <summary>
    /// Gets or sets whether abandoned completion sources are reported: a source registered with
    /// <see cref="Annotations.DeptSdt.TrackSource(object, Annotations.DeptMap, Annotations.DeptSite?)"/> (the
    /// instrumentation registers every <c>TaskCompletionSource</c>) that is collected while a waiter, an
    /// <c>await</c> continuation or a callback is outstanding, and a source declared abandoned with
    /// <see cref="Annotations.DeptSdt.Abandon"/>. Off, sources are not registered at all.
    /// </summary>
    /// <value><see langword="true"/> (<c>DEPT_DETECT_ABANDONED_SOURCES</c>).</value>
    public bool DetectAbandonedSources { get; set; } = true;

    /// <summary>
    /// Gets or sets whether event classes waited on and never fired are listed at run end
    /// (<see cref="Tracking.DeptEngine.CheckNeverFired"/>). Off, the per-class first-wait flag is not kept either.
    /// </summary>
    /// <value><see langword="true"/> (<c>DEPT_DETECT_NEVER_FIRED_EVENTS</c>).</value>
    public bool DetectNeverFiredEvents { get; set; } = true;

    /// <summary>
    /// Gets or sets how many completion sources may be registered at once for abandonment checks. Completed and
    /// collected sources are swept out; past the bound new sources are not registered (one warning).
    /// </summary>
    /// <value>1,048,576 (<c>DEPT_MAX_TRACKED_SOURCES</c>).</value>
    public int MaxTrackedSources { get; set; } = 1 << 20;

    /// <summary>Gets the reporters that receive each report, in order.</summary>
    public IList<IDeptReporter> Reporters { get; } = new List<IDeptReporter>();

    /// <summary>Gets or sets the clock used for report timestamps.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets a description of what is being tracked (process, test run), copied into documents.</summary>
    public string? Source { get; set; }

    /// <summary>
    /// Returns options built from the environment: each option has a variable named after it
    /// (<see cref="EnvironmentName"/>: <c>MaxWaitHistory</c> is <c>DEPT_MAX_WAIT_HISTORY</c>); unset or empty ones keep
    /// their defaults. <see cref="Reporters"/> and <see cref="TimeProvider"/> are objects and have none.
    /// </summary>
    /// <param name="lookup">Maps a variable name to its value or <see langword="null"/>; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <exception cref="FormatException">A variable is not a number or a boolean; the message names it and its value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A variable is out of range; the message names it and the range.</exception>
    public static DeptOptions FromEnvironment(Func<string, string?>? lookup = null) => new DeptOptions().ApplyEnvironment(lookup);

    /// <summary>Sets every option that has a non-empty variable in the environment (see <see cref="FromEnvironment"/>) and returns this instance.</summary>
    /// <exception cref="FormatException">A variable is not a number or a boolean; the message names it and its value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A variable is out of range; the message names it and the range.</exception>
    public DeptOptions ApplyEnvironment(Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        MaxWaitHistory = ReadInt(lookup, nameof(MaxWaitHistory), MaxWaitHistory);
        MaxHeldContexts = ReadInt(lookup, nameof(MaxHeldContexts), MaxHeldContexts);
        MaxClasses = ReadInt(lookup, nameof(MaxClasses), MaxClasses);
        MaxDependencies = ReadInt(lookup, nameof(MaxDependencies), MaxDependencies);
        MaxStackFrames = ReadInt(lookup, nameof(MaxStackFrames), MaxStackFrames);
        CaptureStacks = ReadBool(lookup, nameof(CaptureStacks), CaptureStacks);
        ShareStacksBySite = ReadBool(lookup, nameof(ShareStacksBySite), ShareStacksBySite);
        TrackTimeoutWaits = ReadBool(lookup, nameof(TrackTimeoutWaits), TrackTimeoutWaits);
        DetectAbandonedSources = ReadBool(lookup, nameof(DetectAbandonedSources), DetectAbandonedSources);
        DetectNeverFiredEvents = ReadBool(lookup, nameof(DetectNeverFiredEvents), DetectNeverFiredEvents);
        MaxTrackedSources = ReadInt(lookup, nameof(MaxTrackedSources), MaxTrackedSources);
        Source = Value(lookup, nameof(Source)) ?? Source;
        return this;
    }

    /// <summary>Returns the environment variable of an option: <c>MaxWaitHistory</c> gives <c>DEPT_MAX_WAIT_HISTORY</c>.</summary>
    /// <param name="option">The option's property name.</param>
    public static string EnvironmentName(string option)
    {
        ArgumentException.ThrowIfNullOrEmpty(option);
        var name = new System.Text.StringBuilder("DEPT_", option.Length + 12);
        for (var i = 0; i < option.Length; i++)
        {
            if (i > 0 && char.IsUpper(option[i]))
            {
                name.Append('_');
            }

            name.Append(char.ToUpperInvariant(option[i]));
        }

        return name.ToString();
    }

    /// <summary>Checks every option and throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    public void Validate()
    {
        foreach (var (name, value, min, max) in Ranges())
        {
            if (value < min || value > max)
            {
                throw new ArgumentOutOfRangeException(name, value, $"DeptOptions.{name} must be between {min} and {max}; it is {value}.");
            }
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        for (var i = 0; i < Reporters.Count; i++)
        {
            if (Reporters[i] is null)
            {
                throw new ArgumentNullException(nameof(Reporters), $"DeptOptions.Reporters[{i}] is null.");
            }
        }
    }

    private (string Name, int Value, int Min, int Max)[] Ranges() =>
    [
        (nameof(MaxWaitHistory), MaxWaitHistory, 2, 1 << 16),
        (nameof(MaxHeldContexts), MaxHeldContexts, 1, 1 << 12),
        (nameof(MaxClasses), MaxClasses, 2, 1 << 26),
        (nameof(MaxDependencies), MaxDependencies, 1, 1 << 28),
        (nameof(MaxStackFrames), MaxStackFrames, 1, 256),
        (nameof(MaxTrackedSources), MaxTrackedSources, 16, 1 << 26),
    ];

    private static string? Value(Func<string, string?> lookup, string option)
        => lookup(EnvironmentName(option)) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private int ReadInt(Func<string, string?> lookup, string option, int current)
    {
        if (Value(lookup, option) is not { } text)
        {
            return current;
        }

        var variable = EnvironmentName(option);
        var (_, _, min, max) = Array.Find(Ranges(), r => r.Name == option);
        var digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (!long.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"{variable}='{text}' is not a whole number; it sets DeptOptions.{option}, from {min} to {max}.");
        }

        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(variable, value, $"{variable}={text} is out of range: DeptOptions.{option} must be from {min} to {max}.");
        }

        return (int)value;
    }

    private static bool ReadBool(Func<string, string?> lookup, string option, bool current)
    {
        var text = Value(lookup, option);
        return text?.ToLowerInvariant() switch
        {
            null => current,
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw new FormatException($"{EnvironmentName(option)}='{text}' is not a boolean; use true/false, 1/0, yes/no or on/off (DeptOptions.{option})."),
        };
    }
}
