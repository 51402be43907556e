namespace Dept.Viewer.Analysis;

/// <summary>
/// The condensation of a class graph: one node per strongly connected component, an edge wherever a dependency leaves
/// one component for another. A component is <see cref="Component.Cyclic"/> when its classes can reach each other:
/// that is where every cycle of the graph lies.
/// </summary>
/// <param name="Components">The components; <c>Components[i].Index == i</c>.</param>
/// <param name="ComponentOf">For each class id, the index of its component.</param>
/// <param name="Edges">Dependencies between components, with how many class-level dependencies each stands for.</param>
internal sealed record Condensation(IReadOnlyList<Component> Components, IReadOnlyList<int> ComponentOf, IReadOnlyList<CondensedDependency> Edges)
{
    /// <summary>The components that hold at least one cycle.</summary>
    public IEnumerable<Component> Cyclic => Components.Where(c => c.Cyclic);
}

/// <summary>One strongly connected component.</summary>
/// <param name="Index">Its index in <see cref="Condensation.Components"/>.</param>
/// <param name="Members">Its class ids, ascending.</param>
/// <param name="Cyclic">True when it holds a cycle: more than one class, or one class that depends on itself.</param>
internal sealed record Component(int Index, IReadOnlyList<int> Members, bool Cyclic);

/// <summary>A dependency between two components.</summary>
/// <param name="From">The dependent component.</param>
/// <param name="To">The component it depends on.</param>
/// <param name="Count">How many class-level dependencies it stands for.</param>
internal sealed record CondensedDependency(int From, int To, int Count);
