namespace Dept.Viewer.Model;

/// <summary>One node of the dependency graph as the viewer shows it: a class (key + subclass + event type).</summary>
/// <param name="Id">Dense index of the class in <see cref="ViewGraph.Classes"/>; stable within one snapshot.</param>
/// <param name="Name">The class name as the engine prints it (without the <c>&lt;sched&gt;</c> prefix).</param>
/// <param name="IsCallSite">True for call-site classes (DEPT prints them with a <c>&lt;sched&gt;</c> prefix).</param>
/// <param name="Subclass">The subclass id (DEPT's <c>sub_id</c>: user subclass + 8 x event type).</param>
/// <param name="StableId">The engine's stable class id (16 hex digits), equal across runs.</param>
internal sealed record ViewClass(int Id, string Name, bool IsCallSite, int Subclass, string StableId = "")
{
    /// <summary>The namespace used by the namespace filter: the name up to its last '.', ignoring any argument list.</summary>
    public string Namespace { get; } = NamespaceOf(Name);

    /// <summary>True when some report's cycle goes through this class (set by <see cref="ViewGraph"/>).</summary>
    public bool InCycle { get; internal set; }

    internal static string NamespaceOf(string name)
    {
        // Names such as "Foo.Bar.Lock(Baz.Qux)" or "file.cs:12": only the part before '(' / ':' / ' ' counts.
        var end = name.IndexOfAny(['(', ':', ' ', '<', '[']);
        var head = end < 0 ? name : name[..end];
        if (head.EndsWith(".cs", StringComparison.Ordinal) || head.EndsWith(".fs", StringComparison.Ordinal) || head.EndsWith(".vb", StringComparison.Ordinal))
        {
            return string.Empty; // a source file name (call-site class "File.cs:12"), not a namespace
        }

        var dot = head.LastIndexOf('.');
        return dot <= 0 ? string.Empty : head[..dot];
    }
}
