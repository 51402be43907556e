namespace Dept.Core.Snapshots;

/// <summary>What a document's cycles mean.</summary>
public enum DeptDocumentMode
{
    /// <summary>Potential deadlocks found at class level by instrumentation (nothing needed to hang).</summary>
    Potential,

    /// <summary>Deadlocks actually happening, seen by observing a live process.</summary>
    Actual,
}
