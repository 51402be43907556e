namespace Dept.Viewer.Model;

/// <summary>
/// An immutable snapshot of the dependency graph, its reports, hangs and counters: what every route, exporter and CLI command
/// of the viewer reads. Built from an engine document by <see cref="Sources.DocumentAdapter"/>.
/// </summary>
/// <remarks>Immutable after construction, so it is shared across request threads without locking.</remarks>
internal sealed partial class ViewGraph
{
    private readonly Dictionary<string, int> _byName;
    private readonly int[][] _out;
    private readonly int[][] _in;
    private IReadOnlyList<Core.Snapshots.DeptClassInfo>? _engineClasses;
    private Analysis.ClassGraph? _quik;

    public ViewGraph(
        IReadOnlyList<ViewClass> classes,
        IReadOnlyList<ViewEdge> edges,
        IReadOnlyList<ViewReport> reports,
        IReadOnlyList<ViewStat> stats,
        ViewInfo info,
        IReadOnlyList<ViewHang>? hangs = null,
        IReadOnlyList<Core.Snapshots.DeptClassInfo>? engineClasses = null)
    {
        Classes = classes;
        Edges = edges;
        Reports = reports;
        Stats = stats;
        Info = info;
        Hangs = hangs ?? [];
        if (engineClasses is not null && engineClasses.Count != classes.Count)
        {
            throw new ArgumentException($"{engineClasses.Count} engine classes for {classes.Count} classes", nameof(engineClasses));
        }

        _engineClasses = engineClasses;
        _byName = new Dictionary<string, int>(classes.Count, StringComparer.Ordinal);
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i].Id != i)
            {
                throw new ArgumentException($"class '{classes[i].Name}' has id {classes[i].Id}, expected {i}", nameof(classes));
            }

            _byName.TryAdd(classes[i].Name, i);
        }

        var outLists = new List<int>[classes.Count];
        var inLists = new List<int>[classes.Count];
        for (var i = 0; i < classes.Count; i++)
        {
            outLists[i] = [];
            inLists[i] = [];
        }

        for (var e = 0; e < edges.Count; e++)
        {
            var edge = edges[e];
            if ((uint)edge.From >= (uint)classes.Count || (uint)edge.To >= (uint)classes.Count)
            {
                throw new ArgumentException($"edge {edge.From} -> {edge.To} names a class outside 0..{classes.Count - 1}", nameof(edges));
            }

            outLists[edge.From].Add(e);
            inLists[edge.To].Add(e);
        }

        _out = Array.ConvertAll(outLists, l => l.ToArray());
        _in = Array.ConvertAll(inLists, l => l.ToArray());
        foreach (var report in reports)
        {
            foreach (var id in report.Cycle)
            {
                classes[id].InCycle = true;
            }
        }
    }

    /// <summary>All classes; <c>Classes[i].Id == i</c>.</summary>
    public IReadOnlyList<ViewClass> Classes { get; }

    /// <summary>All dependencies.</summary>
    public IReadOnlyList<ViewEdge> Edges { get; }

    /// <summary>The reports, oldest first.</summary>
    public IReadOnlyList<ViewReport> Reports { get; }

    /// <summary>Long waits without a cycle (live attach), oldest first; empty for instrumentation runs.</summary>
    public IReadOnlyList<ViewHang> Hangs { get; }

    /// <summary>The engine's counters.</summary>
    public IReadOnlyList<ViewStat> Stats { get; }

    /// <summary>Where the snapshot came from and when.</summary>
    public ViewInfo Info { get; }

    /// <summary>
    /// The engine's records of <see cref="Classes"/> (same order): their own names, without the viewer's <c>:sub</c>
    /// disambiguation, for DEPT's <c>/proc/dept_deps</c>. The document's list when the view was built from one.
    /// </summary>
    public IReadOnlyList<Core.Snapshots.DeptClassInfo> EngineClasses => _engineClasses ??= Sources.ProcTexts.ClassInfos(Classes);

    /// <summary>Finds a class by its exact name.</summary>
    public ViewClass? Find(string name) => _byName.TryGetValue(name, out var id) ? Classes[id] : null;

    /// <summary>The dependency <paramref name="from"/> -&gt; <paramref name="to"/>, or null.</summary>
    public ViewEdge? TryGetEdge(int from, int to)
    {
        foreach (var e in _out[from])
        {
            if (Edges[e].To == to)
            {
                return Edges[e];
            }
        }

        return null;
    }

    /// <summary>Edge indexes leaving <paramref name="classId"/> (what it depends on).</summary>
    public ReadOnlySpan<int> OutEdges(int classId) => _out[classId];

    /// <summary>Edge indexes entering <paramref name="classId"/> (what depends on it).</summary>
    public ReadOnlySpan<int> InEdges(int classId) => _in[classId];

    /// <summary>The array behind <see cref="OutEdges"/>, for <see cref="Analysis.ClassGraph"/> (never mutated).</summary>
    internal int[] OutEdgeArray(int classId) => _out[classId];

    /// <summary>The array behind <see cref="InEdges"/>, for <see cref="Analysis.ClassGraph"/> (never mutated).</summary>
    internal int[] InEdgeArray(int classId) => _in[classId];

    /// <summary>QuikGraph's view of this snapshot (no copy), for the analyses in <see cref="Analysis.GraphAnalysis"/>.</summary>
    public Analysis.ClassGraph AsQuikGraph() => _quik ??= new Analysis.ClassGraph(this);
}
