namespace Dept.Viewer.Model;

/// <summary>A filtered, paged class listing (the page's class list and <c>GET /api/classes</c>).</summary>
/// <param name="Search">Case-insensitive substring of the class name, or null.</param>
/// <param name="Namespace">Namespace prefix (<see cref="ViewClass.Namespace"/>), or null.</param>
/// <param name="OnlyCycles">Only classes that lie on a reported cycle.</param>
/// <param name="Timeout">With <see cref="OnlyCycles"/>: which cycles count.</param>
/// <param name="Offset">Number of matches to skip.</param>
/// <param name="Limit">Largest number of matches to return.</param>
internal sealed record ClassQuery(
    string? Search = null,
    string? Namespace = null,
    bool OnlyCycles = false,
    TimeoutFilter Timeout = TimeoutFilter.All,
    int Offset = 0,
    int Limit = 200);
