namespace Dept.Core.Reports;

/// <summary>Discards reports.</summary>
public sealed class NullReporter : IDeptReporter
{
    /// <summary>Gets the shared instance.</summary>
    public static NullReporter Instance { get; } = new();

    /// <inheritdoc/>
    public void Report(DeptReport report)
    {
    }
}
