using System.Diagnostics.CodeAnalysis;
using Dept.Core.Annotations;

namespace Dept.Instrumentation.Runtime;

/// <summary>
/// Names a class from a call site (docs/reference/patches.md, "Classes"): the field the receiver was loaded from
/// when the rewriter could tell it (<c>Orders.Account._sync</c>, shared by every site that uses the field), else
/// the operation at its source line (<c>Monitor.Enter@Account.cs:41</c>, a call-site class), else the operation
/// in its method. Calls of one operation sharing that line (or method) are told apart by the site's
/// <see cref="DeptSite.Qualifier"/> (<c>Monitor.Enter@Account.cs:41:17</c>): <c>lock (a) { lock (b) { } }</c> on one
/// line is two classes, not one lock nested in itself.
/// </summary>
internal static class ClassNames
{
    /// <summary>Builds the interned key for <paramref name="site"/>; called once per site.</summary>
    public static DeptKey KeyFor(DeptSite site, bool condition)
    {
        var suffix = condition ? " (condition)" : string.Empty;
        // A compiler-generated field (an async state machine's spilled lock temporary, <>s__1) names no lock.
        if (IsLockField(site.Receiver))
        {
            return DeptKey.Named(site.Receiver + suffix);
        }

        return CallSiteKey(site, suffix);
    }

    /// <summary>The class of what a call creates (a thread, a task): its call site, whatever field the receiver is.</summary>
    public static DeptKey CreationKeyFor(DeptSite site) => CallSiteKey(site, string.Empty);

    private static DeptKey CallSiteKey(DeptSite site, string suffix)
        => DeptKey.ForCallSiteName(site.ShortLocation is { } location && site.Line > 0
            ? $"{site.Function}@{location}{site.Qualifier}{suffix}"
            : string.IsNullOrEmpty(site.Member) ? site.Function + site.Qualifier + suffix : $"{site.Function}@{site.Member}{site.Qualifier}{suffix}");

    /// <summary>Whether a site's receiver names its class (a field the user wrote, not a compiler-generated one).</summary>
    public static bool IsLockField([NotNullWhen(true)] string? receiver)
        => receiver is not null && !receiver[(receiver.LastIndexOf('.') + 1)..].Contains('<', StringComparison.Ordinal);

    /// <summary>The name a site's call-site class would have without a qualifier, or null when a field names it.</summary>
    public static string? CallSiteName(string function, string? receiver, string? member, string? file, int line)
    {
        if (IsLockField(receiver))
        {
            return null;
        }

        return !string.IsNullOrEmpty(file) && line > 0 ? $"{function}@{Path.GetFileName(file)}:{line}" : $"{function}@{member}";
    }
}
