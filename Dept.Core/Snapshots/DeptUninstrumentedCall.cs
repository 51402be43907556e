namespace Dept.Core.Snapshots;

/// <summary>A call Dept cannot follow (e.g. <c>WaitHandle.SignalAndWait</c>), listed so users know what was not seen.</summary>
/// <param name="Api">The API called.</param>
/// <param name="Location">Where, as <c>Member (File.cs:41)</c>.</param>
/// <param name="Count">How many times it ran (0: the rewriter saw the call site, and it did not run).</param>
public sealed record DeptUninstrumentedCall(string Api, string Location, long Count)
{
    /// <summary>Gets why Dept does not model the API, when the declaration says (#10; JSON <c>reason</c>, omitted when null).</summary>
    public string? Reason { get; init; }
}
