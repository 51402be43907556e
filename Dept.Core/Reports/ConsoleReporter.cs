namespace Dept.Core.Reports;

/// <summary>Writes each report's text rendering to a writer (standard error by default).</summary>
/// <remarks>Thread-safe: reports are written whole, one at a time.</remarks>
public sealed class ConsoleReporter : IDeptReporter
{
    private readonly TextWriter? _writer;
    private readonly object _gate = new();

    /// <summary>Creates a reporter writing to <paramref name="writer"/>, or to <see cref="Console.Error"/> when null.</summary>
    public ConsoleReporter(TextWriter? writer = null) => _writer = writer;

    /// <inheritdoc/>
    public void Report(DeptReport report)
    {
        var text = TextReportRenderer.Render(report);
        lock (_gate)
        {
            var w = _writer ?? Console.Error;
            w.Write(text);
            w.Flush();
        }
    }
}
