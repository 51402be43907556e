using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Names a class from a call site (docs/reference/patches.md, "Classes"): the field the receiver was loaded from
/// when the rewriter could tell it (<c>Orders.Account._sync</c>, shared by every site that uses the field), else
/// the operation at its source line (<c>Monitor.Enter@Account.cs:41</c>, a call-site class), else the operation
/// in its method.
/// </summary>
internal static class ClassNames
{
    /// <summary>Builds the interned key for <paramref name="site"/>; called once per site.</summary>
    public static DeptKey KeyFor(DeptSite site, bool condition)
    {
        var suffix = condition ? " (condition)" : string.Empty;
        if (TryGetReceiverField(site.Function, out var field))
        {
            return DeptKey.Named(field + suffix);
        }

        var operation = OperationOf(site.Function);
        if (site.ShortLocation is { } location && site.Line > 0)
        {
            return DeptKey.ForCallSiteName($"{operation}@{location}{suffix}");
        }

        return DeptKey.ForCallSiteName(string.IsNullOrEmpty(site.Member) ? operation + suffix : $"{operation}@{site.Member}{suffix}");
    }

    /// <summary>
    /// The rewriter names the receiver's field in the site's function as <c>Monitor.Enter(Orders.Account._sync)</c>
    /// when the receiver was loaded by <c>ldfld</c>/<c>ldsfld</c> (or a property getter returning a field).
    /// </summary>
    internal static bool TryGetReceiverField(string function, out string field)
    {
        var open = function.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && function.EndsWith(')') && open < function.Length - 2)
        {
            field = function[(open + 1)..^1];

            // A compiler-generated field (an async state machine's spilled lock temporary, <>s__1) names no lock.
            return !field[(field.LastIndexOf('.') + 1)..].Contains('<', StringComparison.Ordinal);
        }

        field = string.Empty;
        return false;
    }

    private static string OperationOf(string function)
    {
        var open = function.IndexOf('(', StringComparison.Ordinal);
        return open > 0 ? function[..open] : function;
    }
}
