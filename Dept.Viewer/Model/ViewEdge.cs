using QuikGraph;

namespace Dept.Viewer.Model;

/// <summary>
/// A dependency: the event of class <see cref="From"/> cannot happen while a wait of class <see cref="To"/> is blocked
/// (DEPT's <c>fc -&gt; tc</c>; <c>/proc/dept_deps</c> prints it under <see cref="From"/> as <c> -&gt; To</c>).
/// It is QuikGraph's edge of the viewer's class graph (<see cref="Analysis.ClassGraph"/>), source = <see cref="From"/>.
/// </summary>
/// <param name="From">Id of the event-context class (the dependent).</param>
/// <param name="To">Id of the wait class (what <see cref="From"/> depends on).</param>
/// <param name="Timeout">True when every wait behind this edge was timeout-bounded.</param>
/// <param name="Wait">Where the wait that made the edge was seen ("Monitor.Enter at Run (Worker.cs:21)"), or null.</param>
/// <param name="Event">Where the event the edge delays fires ("Monitor.Exit at Run (Worker.cs:23)"), or null.</param>
internal sealed record ViewEdge(int From, int To, bool Timeout, string? Wait = null, string? Event = null) : IEdge<int>
{
    int IEdge<int>.Source => From;

    int IEdge<int>.Target => To;
}
