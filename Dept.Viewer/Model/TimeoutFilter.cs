namespace Dept.Viewer.Model;

/// <summary>How timeout-bounded cycles and edges are treated by a query (the page's "timeout-bounded" filter).</summary>
internal enum TimeoutFilter
{
    /// <summary>Show everything.</summary>
    All,

    /// <summary>Hide timeout-bounded reports and edges (only the cycles that can hang for ever).</summary>
    Exclude,

    /// <summary>Show only timeout-bounded reports and edges.</summary>
    Only,
}
