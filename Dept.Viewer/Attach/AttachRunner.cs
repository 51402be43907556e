using System.Diagnostics;
using Dept.Core.Live;
using Dept.Core.Snapshots;
using Dept.Viewer.Cli;
using Dept.Viewer.Endpoint;
using Microsoft.Diagnostics.NETCore.Client;

namespace Dept.Viewer.Attach;

/// <summary>
/// <c>dept attach</c> (#6): observes a running .NET process that contains no Dept code through the runtime's own
/// events, and reports deadlocks that are actually happening (not potential ones) and hangs.
/// </summary>
internal sealed class AttachRunner(AttachOptions options, TextWriter output, TextWriter error)
{
    /// <summary>Runs until the duration ends, <paramref name="cancel"/> fires, or the target exits.</summary>
    /// <param name="cancel">Ctrl+C.</param>
    /// <param name="attached">Called once the first session is live (tests start the deadlock then).</param>
    public ExitCode Run(CancellationToken cancel, Action? attached = null)
    {
        if (options.Problem() is { } problem)
        {
            return Fail(problem);
        }

        using var target = TryGetProcess(options.ProcessId);
        if (target is null)
        {
            return Fail($"no process with id {options.ProcessId}");
        }

        var name = SafeName(target);
        using var exclusive = AttachLock.TryTake(options.ProcessId);
        if (exclusive is null)
        {
            error.WriteLine($"dept attach: warning: {AttachLock.Warning(options.ProcessId, options.UseClrMd)}");
        }
        var stacks = new DeadlockStacks(options.ProcessId, options.UseClrMd, error);
        var tracker = new LiveDeadlockTracker(new LiveOptions
        {
            HangThreshold = options.HangThreshold,
            ConfirmAfter = options.ConfirmAfter,
            Reporter = new ConsoleLiveReporter(output, stacks),
        });

        EventPipeLiveSource source;
        try
        {
            source = EventPipeLiveSource.Start(options.ProcessId, tracker, options.FlushInterval);
        }
        catch (ServerNotAvailableException)
        {
            return Fail(HasExited(target)
                ? $"process {options.ProcessId} ({name}) exited before the attach"
                : $"process {options.ProcessId} ({name}) is not a .NET process, or its diagnostics are disabled (DOTNET_EnableDiagnostics=0): it has no diagnostics socket");
        }
        catch (Exception ex) when (ex is ServerErrorException or UnsupportedCommandException or IOException or UnauthorizedAccessException)
        {
            return Fail($"could not start an event session in process {options.ProcessId} ({name}): {ex.Message}");
        }

        return Observe(target, name, tracker, stacks, source, cancel, attached);
    }

    private ExitCode Observe(Process target, string name, LiveDeadlockTracker tracker, DeadlockStacks stacks, EventPipeLiveSource source, CancellationToken cancel, Action? attached)
    {
        var label = $"process {options.ProcessId} ({name})";
        DeptEndpoint? endpoint = null;
        string? failure = null;
        var exited = false;
        try
        {
            output.WriteLine($"dept: attached to {label}. Watching for ACTUAL deadlocks and hangs over {LiveTextRenderer.Duration(options.HangThreshold)} (runtime events{(options.UseClrMd ? ", plus one stack snapshot for lock waits already in progress" : string.Empty)}). Ctrl+C to stop.");
            if (options.Serve)
            {
                endpoint = DeptEndpoint.Start(new LiveAttachSource(tracker, stacks, label), options.Endpoint);
                output.WriteLine($"dept: viewer at {endpoint.Url}");
                if (ServedUrl.OpenLine(endpoint.Url, endpoint.Token, options.TokenFromEnvironment, endpoint.TokenIsPerRun) is { } openLine)
                {
                    output.WriteLine($"dept: {openLine}");
                }
            }

            if (options.UseClrMd)
            {
                SeedWaitsInProgress(tracker);
            }
            else
            {
                output.WriteLine("dept: no ClrMD snapshot (--no-clrmd): waits that began before the attach are not seen.");
            }

            output.Flush();
            attached?.Invoke();
            (exited, failure) = Watch(target, label, tracker, source, cancel);
        }
        catch (DeptEndpointException ex)
        {
            failure = ex.Message;
        }
        finally
        {
            endpoint?.Dispose();
            source.Dispose(); // Stops the last session, which flushes the events it still held.
        }

        return failure is null ? Finish(label, tracker, stacks, exited) : Fail(failure);
    }

    // Polls until the duration ends, Ctrl+C, the target exits, or the event source fails.
    private (bool Exited, string? Failure) Watch(Process target, string label, LiveDeadlockTracker tracker, EventPipeLiveSource source, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        while (!cancel.WaitHandle.WaitOne(options.PollInterval))
        {
            tracker.Tick();
            if (HasExited(target))
            {
                return (true, null);
            }

            if (source.Failure is { } failure)
            {
                // A target that exits breaks its event session, sometimes before the exit is visible here:
                // give the exit a moment to show, so the user reads "exited", not a transport error.
                return HasExited(target) || ExitsSoon(target)
                    ? (true, null)
                    : (false, $"the event session with {label} failed: {failure.Message}");
            }

            if (clock.Elapsed >= options.Duration)
            {
                break;
            }
        }

        return (false, null);
    }

    private static bool ExitsSoon(Process target)
    {
        try
        {
            return target.WaitForExit(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return true; // the process is gone already
        }
    }

    private ExitCode Finish(string label, LiveDeadlockTracker tracker, DeadlockStacks stacks, bool exited)
    {
        tracker.Tick();
        var snapshot = stacks.Enrich(tracker.Snapshot());
        output.Write(LiveTextRenderer.Summary(snapshot));
        output.Flush();
        if (options.JsonPath is { } path)
        {
            try
            {
                DeptDocumentJson.WriteFile(LiveDeptReports.ToDocument(snapshot, label), path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail($"could not write {path}: {ex.Message}");
            }
        }

        if (exited)
        {
            return Fail($"{label} exited during the attach; {snapshot.Deadlocks.Count} actual deadlock(s) were seen before it did");
        }

        return snapshot.Deadlocks.Count > 0 ? ExitCode.CycleFound : ExitCode.Clean;
    }

    // After the session started (later waits raise events), look for waits that began before it.
    private void SeedWaitsInProgress(LiveDeadlockTracker tracker)
    {
        var waits = ClrMdWaitSnapshot.Capture(options.ProcessId, DateTimeOffset.UtcNow, out var warning);
        if (warning is not null)
        {
            error.WriteLine($"dept attach: warning: {warning}");
        }

        foreach (var wait in waits)
        {
            tracker.Post(wait);
        }

        output.WriteLine($"dept: {waits.Count} lock wait(s) already in progress found in the threads' stacks.");
    }

    private ExitCode Fail(string message)
    {
        error.WriteLine($"dept attach: {message}");
        error.Flush();
        return ExitCode.Error;
    }

    private static Process? TryGetProcess(int pid)
    {
        try
        {
            var process = Process.GetProcessById(pid);
            return HasExited(process) ? null : process;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string SafeName(Process process)
    {
        try
        {
            return process.ProcessName;
        }
        catch (InvalidOperationException)
        {
            return "exited";
        }
    }
}
