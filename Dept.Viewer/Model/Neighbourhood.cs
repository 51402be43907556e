namespace Dept.Viewer.Model;

/// <summary>The classes around one class: what it depends on and what depends on it, up to a depth.</summary>
/// <param name="Center">The class asked about.</param>
/// <param name="DependsOn">Classes reachable along out-edges, with their distance (1 = direct).</param>
/// <param name="DependedOnBy">Classes that reach <paramref name="Center"/> along edges, with their distance.</param>
/// <param name="Edges">Every edge between two classes of the neighbourhood (center included).</param>
/// <param name="Truncated">True when the node limit cut the walk short.</param>
internal sealed record Neighbourhood(
    ViewClass Center,
    IReadOnlyList<(ViewClass Class, int Depth)> DependsOn,
    IReadOnlyList<(ViewClass Class, int Depth)> DependedOnBy,
    IReadOnlyList<ViewEdge> Edges,
    bool Truncated);
