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
        // A compiler-generated field (an async state machine's spilled lock temporary, <>s__1) names no lock.
        if (site.Receiver is { } field && !field[(field.LastIndexOf('.') + 1)..].Contains('<', StringComparison.Ordinal))
        {
            return DeptKey.Named(field + suffix);
        }

        if (site.ShortLocation is { } location && site.Line > 0)
        {
            return DeptKey.ForCallSiteName($"{site.Function}@{location}{suffix}");
        }

        return DeptKey.ForCallSiteName(string.IsNullOrEmpty(site.Member) ? site.Function + suffix : $"{site.Function}@{site.Member}{suffix}");
    }
}
