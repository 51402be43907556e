namespace Dept.Instrumentation.Rewriting;

/// <summary>Where a module's portable PDB lives, so it is written back the same way.</summary>
internal enum SymbolKind
{
    /// <summary>No symbols: sites have no file:line.</summary>
    None,

    /// <summary>A <c>.pdb</c> file beside the DLL.</summary>
    File,

    /// <summary>Embedded in the DLL (<c>DebugType=embedded</c>).</summary>
    Embedded,
}
