using Dept.Viewer.Model;
using QuikGraph;

namespace Dept.Viewer.Analysis;

/// <summary>
/// QuikGraph's bidirectional graph interface over a <see cref="ViewGraph"/>'s own arrays (#15): vertices are class
/// ids <c>0..Classes.Count-1</c>, edges the graph's <see cref="ViewEdge"/>s. Nothing is copied, so every QuikGraph
/// algorithm (searches, SCCs, condensation, shortest paths) runs on the snapshot the routes and exporters read.
/// </summary>
/// <remarks>Immutable like the <see cref="ViewGraph"/> it wraps: safe to share across request threads.</remarks>
internal sealed class ClassGraph(ViewGraph graph) : IBidirectionalGraph<int, ViewEdge>
{
    /// <summary>The wrapped snapshot.</summary>
    public ViewGraph Graph { get; } = graph;

    public bool IsDirected => true;

    // Every (from, to) pair is one dependency: the engine and the document keep them unique.
    public bool AllowParallelEdges => false;

    public bool IsVerticesEmpty => Graph.Classes.Count == 0;

    public int VertexCount => Graph.Classes.Count;

    public IEnumerable<int> Vertices => Enumerable.Range(0, Graph.Classes.Count);

    public bool IsEdgesEmpty => Graph.Edges.Count == 0;

    public int EdgeCount => Graph.Edges.Count;

    public IEnumerable<ViewEdge> Edges => Graph.Edges;

    public bool ContainsVertex(int vertex) => (uint)vertex < (uint)Graph.Classes.Count;

    public bool ContainsEdge(ViewEdge edge) => ContainsVertex(edge.From) && Graph.OutEdgeArray(edge.From).Any(e => Graph.Edges[e].Equals(edge));

    public bool ContainsEdge(int source, int target) => TryGetEdge(source, target, out _);

    public bool TryGetEdge(int source, int target, out ViewEdge edge)
    {
        if (ContainsVertex(source))
        {
            foreach (var e in Graph.OutEdges(source))
            {
                if (Graph.Edges[e].To == target)
                {
                    edge = Graph.Edges[e];
                    return true;
                }
            }
        }

        edge = null!;
        return false;
    }

    public bool TryGetEdges(int source, int target, out IEnumerable<ViewEdge> edges)
    {
        if (!ContainsVertex(source))
        {
            edges = [];
            return false;
        }

        edges = TryGetEdge(source, target, out var edge) ? [edge] : [];
        return true;
    }

    public bool IsOutEdgesEmpty(int vertex) => Graph.OutEdges(Checked(vertex)).IsEmpty;

    public int OutDegree(int vertex) => Graph.OutEdges(Checked(vertex)).Length;

    public IEnumerable<ViewEdge> OutEdges(int vertex) => Map(Graph.OutEdgeArray(Checked(vertex)));

    public bool TryGetOutEdges(int vertex, out IEnumerable<ViewEdge> edges)
    {
        edges = ContainsVertex(vertex) ? Map(Graph.OutEdgeArray(vertex)) : [];
        return ContainsVertex(vertex);
    }

    public ViewEdge OutEdge(int vertex, int index) => Graph.Edges[Graph.OutEdges(Checked(vertex))[index]];

    public bool IsInEdgesEmpty(int vertex) => Graph.InEdges(Checked(vertex)).IsEmpty;

    public int InDegree(int vertex) => Graph.InEdges(Checked(vertex)).Length;

    public IEnumerable<ViewEdge> InEdges(int vertex) => Map(Graph.InEdgeArray(Checked(vertex)));

    public bool TryGetInEdges(int vertex, out IEnumerable<ViewEdge> edges)
    {
        edges = ContainsVertex(vertex) ? Map(Graph.InEdgeArray(vertex)) : [];
        return ContainsVertex(vertex);
    }

    public ViewEdge InEdge(int vertex, int index) => Graph.Edges[Graph.InEdges(Checked(vertex))[index]];

    public int Degree(int vertex) => OutDegree(vertex) + InDegree(vertex);

    private IEnumerable<ViewEdge> Map(int[] indexes)
    {
        foreach (var e in indexes)
        {
            yield return Graph.Edges[e];
        }
    }

    // QuikGraph's own graphs throw VertexNotFoundException for an unknown vertex; so does this one.
    private int Checked(int vertex) => ContainsVertex(vertex) ? vertex : throw new VertexNotFoundException($"class id {vertex} is not in the graph");
}
