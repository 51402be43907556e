namespace Dept.Instrumentation.Rewriting;

/// <summary>What <see cref="DeptRewriter"/> rewrites and with which patches.</summary>
/// <remarks>Not thread-safe; build one per run.</remarks>
public sealed class DeptRewriteOptions
{
    /// <summary>Gets the assemblies to rewrite (their <c>.pdb</c> beside them is kept in step).</summary>
    public IList<string> Assemblies { get; } = [];

    /// <summary>Gets assemblies that must declare patches (an error otherwise). Dept.Instrumentation's own patches are always loaded.</summary>
    public IList<string> PatchAssemblies { get; } = [];

    /// <summary>Gets or sets whether Dept.Instrumentation's own BCL patches are loaded.</summary>
    /// <value><see langword="true"/> by default; turn it off to apply only your own patches.</value>
    public bool IncludeBuiltInPatches { get; set; } = true;

    /// <summary>Gets candidate assemblies (e.g. every reference of a project): those declaring patches are used, the rest ignored.</summary>
    public IList<string> ScanAssemblies { get; } = [];

    /// <summary>Gets or sets whether every DLL in each input's directory is also a candidate patch assembly.</summary>
    /// <value><see langword="true"/> by default.</value>
    public bool ScanInputDirectories { get; set; } = true;

    /// <summary>Gets or sets the directory to write rewritten copies to; <see langword="null"/> rewrites in place.</summary>
    /// <value><see langword="null"/> by default.</value>
    public string? OutputDirectory { get; set; }

    /// <summary>
    /// Gets assemblies rewritten into <see cref="ReferencesOutputDirectory"/> (copies; the originals stay), in the same
    /// run as <see cref="Assemblies"/>: the MSBuild targets pass a test project's references here, so one process
    /// start and one patch catalog serve the whole project.
    /// </summary>
    public IList<string> References { get; } = [];

    /// <summary>Gets or sets the directory for rewritten <see cref="References"/>.</summary>
    /// <value><see langword="null"/> by default; required when <see cref="References"/> is not empty.</value>
    public string? ReferencesOutputDirectory { get; set; }

    /// <summary>Gets or sets where to print each changed method's IL before and after, and the generated shims.</summary>
    /// <value><see langword="null"/> (off) by default.</value>
    public TextWriter? IlLog { get; set; }
}
