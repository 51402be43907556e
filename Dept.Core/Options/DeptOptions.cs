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
    /// with many call-site classes needs more, so the default is larger. When reached, no new class is added
    /// (one warning) and tracking goes on for the classes it has.
    /// </summary>
    /// <value>65,536.</value>
    public int MaxClasses { get; set; } = 65_536;

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
    /// <value><see langword="true"/>.</value>
    public bool DetectAbandonedSources { get; set; } = true;

    /// <summary>
    /// Gets or sets whether event classes waited on and never fired are listed at run end
    /// (<see cref="Tracking.DeptEngine.CheckNeverFired"/>). Off, the per-class first-wait flag is not kept either.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool DetectNeverFiredEvents { get; set; } = true;

    /// <summary>
    /// Gets or sets how many completion sources may be registered at once for abandonment checks. Completed and
    /// collected sources are swept out; past the bound new sources are not registered (one warning).
    /// </summary>
    /// <value>1,048,576.</value>
    public int MaxTrackedSources { get; set; } = 1 << 20;

    /// <summary>Gets the reporters that receive each report, in order.</summary>
    public IList<IDeptReporter> Reporters { get; } = new List<IDeptReporter>();

    /// <summary>Gets or sets the clock used for report timestamps.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets a description of what is being tracked (process, test run), copied into documents.</summary>
    public string? Source { get; set; }

    /// <summary>Checks every option and throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    public void Validate()
    {
        Check(MaxWaitHistory, 2, 1 << 16, nameof(MaxWaitHistory));
        Check(MaxHeldContexts, 1, 1 << 12, nameof(MaxHeldContexts));
        Check(MaxClasses, 2, 1 << 26, nameof(MaxClasses));
        Check(MaxDependencies, 1, 1 << 28, nameof(MaxDependencies));
        Check(MaxStackFrames, 1, 256, nameof(MaxStackFrames));
        Check(MaxTrackedSources, 16, 1 << 26, nameof(MaxTrackedSources));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        for (var i = 0; i < Reporters.Count; i++)
        {
            if (Reporters[i] is null)
            {
                throw new ArgumentNullException(nameof(Reporters), $"DeptOptions.Reporters[{i}] is null.");
            }
        }
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"DeptOptions.{name} must be between {min} and {max}; it is {value}.");
        }
    }
}
