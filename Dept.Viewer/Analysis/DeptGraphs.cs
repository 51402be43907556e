using Dept.Core.Snapshots;
using Dept.Core.Tracking;
using QuikGraph;

namespace Dept.Viewer.Analysis;

/// <summary>
/// Dept's dependency graph as a QuikGraph graph, for your own analysis of a run (#15; docs/how-to/analyse-the-graph.md).
/// Vertices are the document's <see cref="DeptClassInfo"/> records, edges <see cref="DeptDependencyEdge"/>s, so every
/// QuikGraph algorithm applies: strongly connected components, condensation, shortest paths, topological order.
/// </summary>
/// <example>
/// Which classes does a lock end up waiting on, transitively?
/// <code>
/// var graph = DeptGraphs.FromDocument(DeptDocumentJson.ReadFile("dept-report.json"));
/// var orders = graph.Vertices.Single(c =&gt; c.Name == "Shop.Orders.Lock");
/// var reached = new HashSet&lt;DeptClassInfo&gt;();
/// var bfs = new BreadthFirstSearchAlgorithm&lt;DeptClassInfo, DeptDependencyEdge&gt;(graph);
/// bfs.DiscoverVertex += c =&gt; reached.Add(c);
/// bfs.Compute(orders);
/// </code>
/// </example>
/// <remarks>The graphs returned are new, unshared objects: the caller owns them. Thread-safe (no shared state).</remarks>
public static class DeptGraphs
{
    /// <summary>
    /// Builds the graph of a report document (<c>dept-report.json</c> read with <see cref="DeptDocumentJson"/>, or
    /// <see cref="DeptEngine.CreateDocument"/>): every class a vertex, every dependency an edge.
    /// </summary>
    /// <param name="document">The document.</param>
    /// <returns>A new graph; parallel edges are not allowed (a document has each dependency once).</returns>
    /// <exception cref="ArgumentException">A dependency names a class the document does not list.</exception>
    public static BidirectionalGraph<DeptClassInfo, DeptDependencyEdge> FromDocument(DeptDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var graph = new BidirectionalGraph<DeptClassInfo, DeptDependencyEdge>(allowParallelEdges: false, document.Classes.Count);
        var byId = new Dictionary<string, DeptClassInfo>(document.Classes.Count, StringComparer.Ordinal);
        foreach (var c in document.Classes)
        {
            if (byId.TryAdd(c.Id, c))
            {
                graph.AddVertex(c);
            }
        }

        foreach (var d in document.Dependencies)
        {
            if (!byId.TryGetValue(d.From, out var from) || !byId.TryGetValue(d.To, out var to))
            {
                throw new ArgumentException($"dependency {d.From} -> {d.To} names a class the document does not list", nameof(document));
            }

            graph.AddEdge(new DeptDependencyEdge(from, to, d));
        }

        return graph;
    }

    /// <summary>
    /// Builds the graph of a running engine as it is now (a snapshot through <see cref="DeptEngine.CreateDocument"/>:
    /// the engine keeps tracking while you analyse).
    /// </summary>
    /// <param name="engine">The engine, e.g. <c>DeptRuntime.Current</c> in an instrumented process.</param>
    /// <returns>A new graph of the engine's classes and dependencies at the time of the call.</returns>
    public static BidirectionalGraph<DeptClassInfo, DeptDependencyEdge> FromEngine(DeptEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return FromDocument(engine.CreateDocument());
    }
}
