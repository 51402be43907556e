using Dept.Core.Reports;
using Dept.Core.Text;

namespace Dept.Core.Snapshots;

/// <summary>
/// What the serializer cannot check on a parsed document (#13): null list elements, class ids that are malformed or
/// name no class, repeated class ids, empty cycles, counters that do not add up. Each failure is one line naming the
/// JSON path, e.g. <c>$.dependencies[3].to: unknown class id "00000000000000ff" (not in $.classes)</c>.
/// </summary>
internal static class DeptDocumentValidator
{
    private const int ClassIdLength = 16;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static void Validate(DeptDocument document)
    {
        var ids = Classes(document.Classes);
        for (var i = 0; i < document.Dependencies.Count; i++)
        {
            // The common case checked without building any path text (#12: 200k dependencies made 3M path strings).
            if (document.Dependencies[i] is { } ok && IsKnown(ok.From, ids) && IsKnown(ok.To, ids) && ContextIsFine(ok.Context, ids))
            {
                continue;
            }

            var path = $"$.dependencies[{i}]";
            var d = NotNull(document.Dependencies[i], path);
            KnownClass(d.From, ids, path + ".from");
            KnownClass(d.To, ids, path + ".to");
            Context(d.Context, ids, path + ".context", checkKnown: true);
        }

        for (var i = 0; i < document.Reports.Count; i++)
        {
            Report(NotNull(document.Reports[i], $"$.reports[{i}]"), ids, $"$.reports[{i}]");
        }

        for (var i = 0; i < document.Hangs.Count; i++)
        {
            var h = NotNull(document.Hangs[i], $"$.hangs[{i}]");
            Strings(h.Stack, $"$.hangs[{i}].stack");
        }

        for (var i = 0; i < document.Uninstrumented.Count; i++)
        {
            var call = NotNull(document.Uninstrumented[i], $"$.uninstrumented[{i}]");
            NotNull(call.Api, $"$.uninstrumented[{i}].api");
            NotNull(call.Location, $"$.uninstrumented[{i}].location");
        }

        if (document.Stats is { } stats)
        {
            long total = 0;
            for (var i = 0; i < stats.PoolBytes.Count; i++)
            {
                var pool = stats.PoolBytes[i];
                if (pool.Key is null || pool.Value < 0 || long.MaxValue - total < pool.Value)
                {
                    Fail($"$.stats.poolBytes[{i}]", "needs a \"key\" and a non-negative \"value\" (and the pools must add up to a 64-bit count)");
                }

                total += pool.Value;
            }
        }
    }

    private static HashSet<string> Classes(IReadOnlyList<DeptClassInfo> classes)
    {
        var ids = new HashSet<string>(classes.Count, StringComparer.Ordinal);
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i] is { } ok && IsClassId(ok.Id) && ok.Name.Length > 0 && ids.Add(ok.Id))
            {
                continue;
            }

            var path = $"$.classes[{i}]";
            var c = NotNull(classes[i], path);
            ClassId(c.Id, path + ".id");
            if (c.Name.Length == 0)
            {
                Fail(path + ".name", "is empty; a class needs a name");
            }

            if (!ids.Add(c.Id))
            {
                Fail(path + ".id", $"repeats the class id \"{c.Id}\"");
            }
        }

        return ids;
    }

    private static void Report(DeptReport report, HashSet<string> ids, string path)
    {
        if (report.Fingerprint.Length == 0)
        {
            Fail(path + ".fingerprint", "is empty");
        }

        if (report.Contexts.Count == 0)
        {
            Fail(path + ".contexts", "is empty; a cycle has at least one context");
        }

        // Actual deadlocks (dept attach) name runtime lock and task ids, not graph classes: their format is checked,
        // not their presence in $.classes.
        // So do live unreachable events (#11): the wait they name may have ended before the document was made.
        var checkKnown = report.Kind != DeptReportKind.ActualDeadlock && report.Reason != DeptUnreachableReason.SignallerBlocked;
        for (var i = 0; i < report.Contexts.Count; i++)
        {
            Context(NotNull(report.Contexts[i], $"{path}.contexts[{i}]"), ids, $"{path}.contexts[{i}]", checkKnown);
        }

        Strings(report.Notes, path + ".notes");
    }

    private static void Context(DeptReportContext context, HashSet<string> ids, string path, bool checkKnown)
    {
        Point(context.Start, ids, path + ".start", checkKnown);
        Point(context.Wait, ids, path + ".wait", checkKnown);
        Point(context.Event, ids, path + ".event", checkKnown);
    }

    private static void Point(DeptReportPoint point, HashSet<string> ids, string path, bool checkKnown)
    {
        if (checkKnown)
        {
            KnownClass(point.ClassId, ids, path + ".classId");
        }
        else
        {
            ClassId(point.ClassId, path + ".classId");
        }

        Strings(point.Stack, path + ".stack");
    }

    private static bool ContextIsFine(DeptReportContext? context, HashSet<string> ids)
        => context is not null && PointIsFine(context.Start, ids) && PointIsFine(context.Wait, ids) && PointIsFine(context.Event, ids);

    private static bool PointIsFine(DeptReportPoint? point, HashSet<string> ids)
    {
        if (point is null || !IsKnown(point.ClassId, ids))
        {
            return false;
        }

        foreach (var frame in point.Stack)
        {
            if (frame is null)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsKnown(string? id, HashSet<string> ids) => id is not null && IsClassId(id) && ids.Contains(id);

    private static bool IsClassId(string id) => id.Length == ClassIdLength && !id.AsSpan().ContainsAnyExcept(HexDigits);

    private static void KnownClass(string id, HashSet<string> ids, string path)
    {
        ClassId(id, path);
        if (!ids.Contains(id))
        {
            Fail(path, $"unknown class id \"{id}\" (not in $.classes)");
        }
    }

    private static void ClassId(string id, string path)
    {
        if (!IsClassId(id))
        {
            Fail(path, $"\"{Shown(id)}\" is not a class id (16 lowercase hex digits)");
        }
    }

    private static void Strings(IReadOnlyList<string> values, string path)
    {
        for (var i = 0; i < values.Count; i++)
        {
            NotNull(values[i], $"{path}[{i}]");
        }
    }

    private static T NotNull<T>(T? value, string path)
        where T : class
        => value ?? throw new DeptDocumentException($"{path}: is null; expected {(typeof(T) == typeof(string) ? "a string" : "an object")}.");

    private static string Shown(string value) => TerminalText.Clean(value.Length > 40 ? value[..40] + "..." : value);

    private static void Fail(string path, string problem) => throw new DeptDocumentException($"{path}: {problem}.");
}
