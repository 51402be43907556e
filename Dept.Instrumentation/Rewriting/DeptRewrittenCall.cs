namespace Dept.Instrumentation.Rewriting;

/// <summary>One call site recorded by the rewriter in a module's manifest.</summary>
/// <param name="Instrumented"><see langword="true"/> for a patched site; <see langword="false"/> for a call to an API
/// Dept cannot follow (<see cref="Patching.DeptUninstrumentedAttribute"/>), left as it was.</param>
/// <param name="Api">The operation (<c>Monitor.Enter</c>) or, for uninstrumented calls, the API (<c>System.Threading.WaitHandle::SignalAndWait</c>).</param>
/// <param name="Reason">Why the API cannot be followed; empty for instrumented sites.</param>
/// <param name="Member">The calling method, e.g. <c>Accounts.Account.Transfer</c>.</param>
/// <param name="File">The source file from the PDB, or empty.</param>
/// <param name="Line">The source line, or 0.</param>
/// <param name="IlOffset">The call's IL offset in the original method body.</param>
public sealed record DeptRewrittenCall(bool Instrumented, string Api, string Reason, string Member, string File, int Line, int IlOffset)
{
    /// <summary>Gets <c>file:line</c>, or the member and IL offset when there is no PDB.</summary>
    public string Location => Line > 0 ? $"{File}:{Line}" : $"{Member}+IL_{IlOffset:x4}";
}
