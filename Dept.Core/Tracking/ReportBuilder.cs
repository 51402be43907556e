using Dept.Core.Annotations;
using Dept.Core.Classes;
using Dept.Core.Reports;

namespace Dept.Core.Tracking;

/// <summary>Turns a dependency record into a report context. Caller holds the graph lock.</summary>
internal static class ReportBuilder
{
    public static DeptReportContext Context(DependencyRecord e, int index, ClassTable classes)
    {
        var from = classes.Get(e.From);
        var to = classes.Get(e.To);
        return new DeptReportContext
        {
            Name = Letter(index),
            Start = Start(e, from),
            Wait = Point(e.WaitSite, "wait", to, e.Implicit ? [] : e.Stack, null),
            Event = Event(e, from),
            Timeout = e.Timeout,
            Thread = e.Thread,
        };
    }

    /// <summary>A, B, ... Z, AA, AB, ...</summary>
    public static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : Letter((index / 26) - 1) + Letter(index % 26);

    private static DeptReportPoint Start(DependencyRecord e, DeptClass from)
    {
        if (!e.Implicit)
        {
            return Point(e.StartSite, "enter", from, [], null);
        }

        // DEPT prints "(unknown)" here; the start of an implicit event context is knowable: it is where the
        // waiter requested the event, so name that wait (reviewers' main complaint, dept.md section 8).
        var who = e.RequestThread is null ? string.Empty : $" by {e.RequestThread}";
        return Point(e.StartSite, "request", from, [], $"(wait to wake up) requested{who}");
    }

    private static DeptReportPoint Event(DependencyRecord e, DeptClass from)
    {
        if (e.Implicit)
        {
            return Point(e.EventSite, "event", from, e.Stack, null);
        }

        // A release is never passed as an event (DEPT prints N/A); the class remembers a site that fired it.
        return Point(from.EventSite, "release", from, [], from.EventSite is null ? "(N/A: no release seen yet)" : "(a site that fires this event)");
    }

    // The report prints "Function(Class:sub)"; a site's receiver is shown only where it is not the class itself
    // (instrumentation classes a lock by its receiver field, and saying it twice reads badly).
    private static string FunctionOf(DeptSite site, DeptClass cls)
        => site.Receiver is null || string.Equals(site.Receiver, cls.Name, StringComparison.Ordinal)
            ? site.Function
            : $"{site.Function}({site.Receiver})";

    /// <summary>A point at <paramref name="site"/> on <paramref name="cls"/>, for reports made outside the graph (unreachable events).</summary>
    public static DeptReportPoint SitePoint(DeptSite? site, string fallback, DeptClass cls, string? note, string? functionOverride = null)
    {
        var point = Point(site, fallback, cls, [], note);
        return functionOverride is null ? point : point with { Function = functionOverride };
    }

    private static DeptReportPoint Point(DeptSite? site, string fallback, DeptClass cls, IReadOnlyList<string> stack, string? note) => new()
    {
        Function = site is null ? fallback : FunctionOf(site, cls),
        ClassId = StableHash.Hex(cls.StableId),
        ClassName = cls.Name,
        SubId = cls.SubId,
        Location = site is null ? null : new DeptSourceLocation(site.Member, site.File, site.Line, site.IlOffset),
        Stack = stack,
        Note = note,
    };
}
