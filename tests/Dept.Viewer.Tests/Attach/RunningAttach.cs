using Dept.Viewer.Attach;
using Dept.Viewer.Cli;

namespace Dept.Viewer.Tests.Attach;

/// <summary><c>dept attach</c> running in the test process on a background thread, with its output captured.</summary>
internal sealed class RunningAttach : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningAttach(AttachOptions options)
    {
        Run = Task.Run(() => new AttachRunner(options, Output, Error).Run(_cancel.Token, () => _attached.TrySetResult()));
    }

    public CollectingWriter Output { get; } = new();

    public CollectingWriter Error { get; } = new();

    public Task<ExitCode> Run { get; }

    /// <summary>Starts attaching and returns once the first event session is live.</summary>
    public static async Task<RunningAttach> StartAsync(AttachOptions options)
    {
        var running = new RunningAttach(options);
        var first = await Task.WhenAny(running._attached.Task, running.Run).WaitAsync(TargetProcess.Bound);
        if (first == running.Run)
        {
            throw new InvalidOperationException($"attach ended early with {running.Run.Result}: {running.Error.Text}");
        }

        return running;
    }

    /// <summary>Polls the output for <paramref name="text"/> (reports arrive within about half a second).</summary>
    public async Task WaitForOutputAsync(string text)
    {
        using var cts = new CancellationTokenSource(TargetProcess.Bound);
        while (!Output.Text.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(Run.IsCompleted, $"attach ended before printing '{text}': {Error.Text}");
            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Ctrl+C, then the exit code.</summary>
    public async Task<ExitCode> StopAsync()
    {
        await _cancel.CancelAsync();
        return await Run.WaitAsync(TargetProcess.Bound);
    }

    public void Dispose()
    {
        _cancel.Cancel();
        Run.Wait(TargetProcess.Bound);
        _cancel.Dispose();
    }
}
