using Dept.Core.Options;

namespace Dept.Core.Tracking;

/// <summary>
/// The process-wide engine that the annotation facades (<see cref="Annotations.DeptLdt"/>,
/// <see cref="Annotations.DeptSdt"/>, <see cref="Annotations.DeptContext"/>) use.
/// </summary>
/// <remarks>Thread-safe. Tracking is off until <see cref="Start"/>; then every annotation costs its real work.</remarks>
public static class DeptRuntime
{
    private static volatile DeptEngine? s_current;

    /// <summary>Gets the running engine, or <see langword="null"/> when tracking is off.</summary>
    public static DeptEngine? Current => s_current;

    /// <summary>Starts the process-wide engine, or returns the one already running.</summary>
    /// <param name="options">The options; <see langword="null"/> reads them from the environment (<see cref="DeptOptions.FromEnvironment"/>).</param>
    /// <exception cref="FormatException">Without options, a <c>DEPT_*</c> variable is malformed; the message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public static DeptEngine Start(DeptOptions? options = null)
    {
        var engine = s_current;
        if (engine is not null)
        {
            return engine;
        }

        var created = new DeptEngine(options ?? DeptOptions.FromEnvironment());
        return Interlocked.CompareExchange(ref s_current, created, null) ?? created;
    }

    /// <summary>Installs <paramref name="engine"/> as the process-wide engine (replacing any), e.g. for a test host.</summary>
    public static void Install(DeptEngine? engine) => s_current = engine;

    /// <summary>Stops and removes the process-wide engine; returns it so its reports can still be read.</summary>
    public static DeptEngine? Stop()
    {
        var engine = Interlocked.Exchange(ref s_current, null);
        engine?.Stop();
        return engine;
    }
}
