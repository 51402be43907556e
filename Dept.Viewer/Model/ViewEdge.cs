namespace Dept.Viewer.Model;

/// <summary>
/// A dependency: the event of class <see cref="From"/> cannot happen while a wait of class <see cref="To"/> is blocked
/// (DEPT's <c>fc -&gt; tc</c>; <c>/proc/dept_deps</c> prints it under <see cref="From"/> as <c> -&gt; To</c>).
/// </summary>
/// <param name="From">Id of the event-context class (the dependent).</param>
/// <param name="To">Id of the wait class (what <see cref="From"/> depends on).</param>
/// <param name="Timeout">True when every wait behind this edge was timeout-bounded.</param>
internal sealed record ViewEdge(int From, int To, bool Timeout);
