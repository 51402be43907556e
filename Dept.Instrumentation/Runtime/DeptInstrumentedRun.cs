using System.Reflection;
using Dept.Core.Options;
using Dept.Core.Tracking;
using Dept.Instrumentation.Patching;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The in-process runtime of an instrumented run. The first patch that runs calls <see cref="EnsureStarted"/>:
/// if the process is instrumented (an assembly rewritten by Dept is loaded, or <c>DEPT_ENABLED=true</c>) it starts
/// the process-wide engine from <see cref="DeptRunSettings"/>, and at process exit it prints the run summary and
/// writes <c>dept-report.json</c> and <c>dept-summary.txt</c> under the report directory. The summary goes to
/// stderr: the application's stdout is left exactly as it would be without Dept.
/// </summary>
/// <remarks>Thread-safe; never throws. An engine already installed by the host (a test, <c>dept attach</c>) is used as is and its owner keeps the output.</remarks>
public static class DeptInstrumentedRun
{
    /// <summary>The name of the marker attribute the rewriter stamps on rewritten assemblies.</summary>
    public const string RewrittenMarker = "DeptRewrittenAttribute";

    private static readonly object s_gate = new();
    private static volatile bool s_decided;
    private static volatile bool s_decidedRewritten;
    private static bool s_deciding;
    private static DeptRunSettings? s_settings;
    private static RunReporter? s_reporter;

    /// <summary>Gets the settings this run started with, or <see langword="null"/> when it did not start one.</summary>
    public static DeptRunSettings? Settings => s_settings;

    /// <summary>Starts tracking on first call when the process is instrumented; later calls cost one volatile read.</summary>
    public static void EnsureStarted()
    {
        if (!s_decided)
        {
            Decide(rewritten: false);
        }
    }

    /// <summary>
    /// Called by the module initializer of every rewritten module, before any of its code runs: the process is
    /// instrumented, so tracking starts unless <c>DEPT_ENABLED=false</c>.
    /// </summary>
    [DeptModuleInitializer]
    public static void OnRewrittenModuleLoaded()
    {
        // Decided again even after a plain EnsureStarted found no rewritten assembly: this one is.
        if (!s_decidedRewritten)
        {
            Decide(rewritten: true);
        }
    }

    /// <summary>Writes the summary and the JSON report now (also done at process exit). Returns the summary text.</summary>
    public static string? Flush()
    {
        var settings = s_settings;
        var engine = DeptRuntime.Current;
        return settings is null || engine is null ? null : RunOutput.Write(engine, settings, ProcessStderr());
    }

    /// <summary>
    /// The process's real stderr, not <see cref="Console.Error"/>: test frameworks (TUnit, xunit.v3) redirect the
    /// console to capture a test's output, and the summary printed at exit would vanish into that capture.
    /// </summary>
    private static StreamWriter ProcessStderr() => new(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };

    private static void Decide(bool rewritten)
    {
        lock (s_gate)
        {
            // Re-entry on this thread (a module initializer run while deciding) must not start a second run.
            if ((rewritten ? s_decidedRewritten : s_decided) || s_deciding)
            {
                return;
            }

            s_deciding = true;
            try
            {
                var settings = DeptRunSettings.FromEnvironment();
                if (DeptRuntime.Current is null && (settings.Enabled ?? (rewritten || AnyRewrittenAssemblyLoaded())))
                {
                    Start(settings);
                }
            }
            catch (Exception ex)
            {
                // Said only when it is true (#13): once the engine runs, file problems are warnings, never this.
                Console.Error.WriteLine(s_settings is null
                    ? $"dept: not tracking this run: {ex.Message}"
                    : $"dept: tracking, but the run's start-up failed: {ex.Message}");
            }
            finally
            {
                s_decided = true;
                s_decidedRewritten |= rewritten || s_settings is not null;
                s_deciding = false;
            }
        }
    }

    private static void Start(DeptRunSettings settings)
    {
        // Every engine option has its DEPT_* variable (docs/reference/options.md), read and checked here once; the
        // two that are also run settings keep the run's defaults and runtimeconfig values.
        var options = DeptOptions.FromEnvironment();
        options.CaptureStacks = settings.CaptureStacks;
        options.TrackTimeoutWaits = settings.TrackTimeoutWaits;
        options.Source ??= SourceName();
        var reporter = new RunReporter(settings);
        options.Reporters.Add(reporter);
        var engine = DeptRuntime.Start(options);
        s_settings = settings;
        s_reporter = reporter;
        AppDomain.CurrentDomain.ProcessExit += static (_, _) => OnExit();
        reporter.Attach(engine);

        // A first (empty) report at once, off this thread: a host killed before exit still leaves a current report,
        // and a new run removes the failure marker of an earlier one. A directory that cannot be written is a
        // warning: tracking goes on, the summary is printed at exit and fail-on-cycle still fails.
        reporter.RequestWrite();
    }

    private static void OnExit()
    {
        try
        {
            var settings = s_settings;
            var engine = DeptRuntime.Current;
            if (settings is null || engine is null)
            {
                return;
            }

            // The verdict first, whatever happens to the files (#13): a CI run with cycles must not pass because the
            // report directory was unwritable. A non-zero code the program set itself is kept.
            Verdict(engine, settings);
            RunExit.Finish(engine, settings, s_reporter, settings.PrintSummary ? ProcessStderr() : null, () =>
            {
                // The run's end (#11): abandoned sources the last collections proved unreachable, then the never-fired
                // classes; an unreachable event fails the run like a cycle, so the verdict is taken again.
                Dept.Core.Lifetimes.DeptSources.CollectAndSweep();
                engine.CheckNeverFired();
                Verdict(engine, settings);
            });
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"dept: could not write the run report: {ex.Message}");
        }
    }

    private static void Verdict(DeptEngine engine, DeptRunSettings settings)
    {
        if (settings.FailOnCycle && engine.Reports.Any(RunSummary.Fails) && Environment.ExitCode == 0)
        {
            Environment.ExitCode = settings.FailExitCode;
        }
    }

    /// <summary>
    /// The application's name: from its deps file (<c>Accounts.Tests.deps.json</c>), which in a test host names the
    /// test assembly rather than <c>testhost</c>; else the entry assembly.
    /// </summary>
    internal static string? SourceName()
    {
        var deps = AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string;
        var first = deps?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is not null && first.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileName(first)[..^".deps.json".Length]
            : Assembly.GetEntryAssembly()?.GetName().Name ?? Environment.ProcessPath;
    }

    internal static bool AnyRewrittenAssemblyLoaded()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            foreach (var attribute in assembly.GetCustomAttributesData())
            {
                if (attribute.AttributeType.Name == RewrittenMarker)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
