namespace Dept.Core.Reports;

/// <summary>A source location in a report.</summary>
/// <param name="Member">The method, when known.</param>
/// <param name="File">The source file path, when known.</param>
/// <param name="Line">The 1-based line, or 0.</param>
/// <param name="IlOffset">The IL offset in <paramref name="Member"/>, or -1.</param>
public sealed record DeptSourceLocation(string? Member, string? File, int Line, int IlOffset = -1)
{
    /// <summary>
    /// Returns <c>Member (File.cs:41)</c>; without a file (an assembly rewritten without its PDB) <c>Member+IL_001c</c>,
    /// as the rewrite manifest names the call, so calls of one method can still be told apart.
    /// </summary>
    public override string ToString()
    {
        var loc = File is null ? null : $"{Path.GetFileName(File)}:{Line}";
        return (Member, loc) switch
        {
            (null, null) => "(unknown location)",
            (null, _) => loc!,
            (_, null) => IlOffset >= 0 ? $"{Member}+IL_{IlOffset:x4}" : Member!,
            _ => $"{Member} ({loc})",
        };
    }
}
