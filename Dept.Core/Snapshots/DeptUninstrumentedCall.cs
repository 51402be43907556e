namespace Dept.Core.Snapshots;

/// <summary>A call Dept cannot follow (e.g. <c>WaitHandle.SignalAndWait</c>), listed so users know what was not seen.</summary>
/// <param name="Api">The API called.</param>
/// <param name="Location">Where, as <c>Member (File.cs:41)</c>.</param>
/// <param name="Count">How many times it was called (0 when only the call site is known).</param>
public sealed record DeptUninstrumentedCall(string Api, string Location, long Count);
