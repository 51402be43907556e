using System.Reflection;
using Dept.Core.Options;
using Dept.Core.Tracking;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// The in-process runtime of an instrumented run. The first patch that runs calls <see cref="EnsureStarted"/>:
/// if the process is instrumented (an assembly rewritten by Dept is loaded, or <c>DEPT_ENABLED=true</c>) it starts
/// the process-wide engine from <see cref="DeptRunSettings"/>, and at process exit it prints the run summary and
/// writes <c>dept-report.json</c> and <c>dept-summary.txt</c> under the report directory.
/// </summary>
/// <remarks>Thread-safe; never throws. An engine already installed by the host (a test, <c>dept attach</c>) is used as is and its owner keeps the output.</remarks>
public static class DeptInstrumentedRun
{
    /// <summary>The name of the marker attribute the rewriter stamps on rewritten assemblies.</summary>
    public const string RewrittenMarker = "DeptRewrittenAttribute";

    private static readonly object s_gate = new();
    private static volatile bool s_decided;
    private static DeptRunSettings? s_settings;

    /// <summary>Gets the settings this run started with, or <see langword="null"/> when it did not start one.</summary>
    public static DeptRunSettings? Settings => s_settings;

    /// <summary>Starts tracking on first call when the process is instrumented; later calls cost one volatile read.</summary>
    public static void EnsureStarted()
    {
        if (!s_decided)
        {
            Decide();
        }
    }

    /// <summary>Writes the summary and the JSON report now (also done at process exit). Returns the summary text.</summary>
    public static string? Flush()
    {
        var settings = s_settings;
        var engine = DeptRuntime.Current;
        return settings is null || engine is null ? null : RunOutput.Write(engine, settings, Console.Out);
    }

    private static void Decide()
    {
        lock (s_gate)
        {
            if (s_decided)
            {
                return;
            }

            try
            {
                var settings = DeptRunSettings.FromEnvironment();
                if (DeptRuntime.Current is null && (settings.Enabled ?? AnyRewrittenAssemblyLoaded()))
                {
                    Start(settings);
                }
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"dept: not tracking this run: {ex.Message}");
            }
            finally
            {
                s_decided = true;
            }
        }
    }

    private static void Start(DeptRunSettings settings)
    {
        var options = new DeptOptions
        {
            CaptureStacks = settings.CaptureStacks,
            TrackTimeoutWaits = settings.TrackTimeoutWaits,
            Source = Assembly.GetEntryAssembly()?.GetName().Name ?? Environment.ProcessPath,
        };
        DeptRuntime.Start(options);
        s_settings = settings;
        AppDomain.CurrentDomain.ProcessExit += static (_, _) => OnExit();
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

            RunOutput.Write(engine, settings, settings.PrintSummary ? Console.Out : null);
            if (settings.FailOnCycle && engine.Reports.Count > 0)
            {
                Environment.ExitCode = 2;
            }
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"dept: could not write the run report: {ex.Message}");
        }
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
