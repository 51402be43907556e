using Dept.Core.Snapshots;
using QuikGraph;

namespace Dept.Viewer.Analysis;

/// <summary>
/// One dependency of a Dept graph as a QuikGraph edge: the event of <see cref="Source"/> cannot happen while a wait of
/// <see cref="Target"/> is blocked (DEPT's <c>fc -&gt; tc</c>). A cycle of these edges is a deadlock.
/// </summary>
/// <param name="Source">The dependent class (its event waits, in its event context, for <see cref="Target"/>).</param>
/// <param name="Target">The class it depends on.</param>
/// <param name="Dependency">The document's record of the dependency: timeout flag, first context, first seen.</param>
public sealed record DeptDependencyEdge(DeptClassInfo Source, DeptClassInfo Target, DeptDependencyInfo Dependency) : IEdge<DeptClassInfo>;
