namespace Dept.Viewer.Model;

/// <summary>One engine counter, named in snake_case as <c>/metrics</c> and the <c>Dept</c> meter publish it.</summary>
/// <param name="Name">snake_case name without the <c>dept_</c> prefix, e.g. <c>classes</c>.</param>
/// <param name="Value">Current value.</param>
/// <param name="Description">One-line help text.</param>
/// <param name="IsCounter">True when the value only grows (a Prometheus counter), false for a gauge.</param>
internal sealed record ViewStat(string Name, long Value, string Description, bool IsCounter);
