using System.Collections.Concurrent;

namespace DmaBuf.Diagnostics;

/// <summary>
/// The model's kernel log: every contract violation it detects is recorded here and counted, and the caller
/// carries on, as after a kernel <c>WARN</c>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class DmaWarnings
{
    private readonly ConcurrentQueue<DmaWarning> _entries = new();
    private readonly TimeProvider _time;

    internal DmaWarnings(TimeProvider time) => _time = time;

    /// <summary>Raised after a warning is recorded, on the thread that detected it.</summary>
    public event Action<DmaWarning>? Warned;

    /// <summary>Gets the number of warnings recorded so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Gets a snapshot of the warnings recorded so far, oldest first.</summary>
    public IReadOnlyList<DmaWarning> Entries => [.. _entries];

    /// <summary>Counts the recorded warnings with the given code.</summary>
    /// <param name="code">The rule.</param>
    /// <returns>The count.</returns>
    public int CountOf(DmaWarningCode code) => _entries.Count(e => e.Code == code);

    /// <summary>Records a warning.</summary>
    /// <param name="code">The rule that was broken.</param>
    /// <param name="message">The message.</param>
    /// <returns>The recorded warning.</returns>
    public DmaWarning Warn(DmaWarningCode code, string message)
    {
        var warning = new DmaWarning(code, message, _time.GetUtcNow());
        _entries.Enqueue(warning);
        Warned?.Invoke(warning);
        return warning;
    }
}
