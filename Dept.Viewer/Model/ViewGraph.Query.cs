namespace Dept.Viewer.Model;

internal sealed partial class ViewGraph
{
    /// <summary>Reports that pass <paramref name="filter"/>.</summary>
    public IEnumerable<ViewReport> FilterReports(TimeoutFilter filter) => filter switch
    {
        TimeoutFilter.Exclude => Reports.Where(r => !r.IsTimeoutBounded),
        TimeoutFilter.Only => Reports.Where(r => r.IsTimeoutBounded),
        _ => Reports,
    };

    /// <summary>Runs a class listing: returns the total number of matches and the requested page of them.</summary>
    public (int Total, IReadOnlyList<ViewClass> Items) Query(ClassQuery query)
    {
        HashSet<int>? onCycle = null;
        if (query.OnlyCycles)
        {
            onCycle = [.. FilterReports(query.Timeout).SelectMany(r => r.Cycle)];
        }

        var matches = Classes.Where(c =>
            (onCycle is null || onCycle.Contains(c.Id)) &&
            (string.IsNullOrEmpty(query.Search) || c.Name.Contains(query.Search, StringComparison.OrdinalIgnoreCase)) &&
            (string.IsNullOrEmpty(query.Namespace) || c.Namespace.StartsWith(query.Namespace, StringComparison.Ordinal)));
        var total = 0;
        var items = new List<ViewClass>();
        foreach (var c in matches)
        {
            if (total >= query.Offset && items.Count < query.Limit)
            {
                items.Add(c);
            }

            total++;
        }

        return (total, items);
    }
}
