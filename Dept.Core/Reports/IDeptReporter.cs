namespace Dept.Core.Reports;

/// <summary>
/// Receives each report when its cycle is first detected (Serilog's sink, BenchmarkDotNet's exporter).
/// Called on the thread that closed the cycle, with tracking suppressed on that thread; an exception thrown here is
/// logged to <see cref="Diagnostics.DeptSelfLog"/> and never reaches user code.
/// </summary>
public interface IDeptReporter
{
    /// <summary>Handles one report. Keep it short: the reporting thread is a user thread.</summary>
    void Report(DeptReport report);
}
