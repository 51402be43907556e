using System.Globalization;
using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Viewer.Tests.Support;

/// <summary>
/// Synthetic reports of any size, built directly as documents (no engine run), shaped like real ones: every
/// dependency carries its [S]/[W]/[E] context with source locations, and <c>cycles</c> AB-BA cycles are reported.
/// Used by the load, fuzz and scale tests (#12, #13).
/// </summary>
internal static class LargeReports
{
    public static DeptDocument Create(int classes, int edgesPerClass, int cycles, int seed = 1)
    {
        var random = new Random(seed);
        var infos = new DeptClassInfo[classes];
        for (var i = 0; i < classes; i++)
        {
            var name = $"App.Module{i / 100}.Type{i}._lock";
            infos[i] = new DeptClassInfo { Id = StableId(name + ":0"), Name = name, SubId = 0 };
        }

        var dependencies = new List<DeptDependencyInfo>(classes * edgesPerClass);
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < classes; i++)
        {
            for (var e = 0; e < edgesPerClass; e++)
            {
                // Forward edges only (to a larger index): no cycle but the ones added on purpose below.
                if (i + 1 >= classes)
                {
                    break;
                }

                var to = random.Next(i + 1, Math.Min(classes, i + 1 + 1000));
                if (seen.Add((i, to)))
                {
                    dependencies.Add(Dependency(infos[i], infos[to], i));
                }
            }
        }

        var reports = new List<DeptReport>(cycles);
        for (var c = 0; c < cycles && (2 * c) + 1 < classes; c++)
        {
            var (a, b) = (infos[2 * c], infos[(2 * c) + 1]);
            if (seen.Add((2 * c + 1, 2 * c)))
            {
                dependencies.Add(Dependency(b, a, c));
            }

            reports.Add(new DeptReport
            {
                Kind = DeptReportKind.Deadlock,
                Fingerprint = Fingerprint.Of([a.Name + ":0", b.Name + ":0"]),
                Contexts = [Context("A", a, b, c), Context("B", b, a, c)],
                Notes = ["synthetic"],
            });
        }

        return new DeptDocument { Classes = infos, Dependencies = dependencies, Reports = reports, Source = "synthetic", CreatedAt = DateTimeOffset.UnixEpoch };
    }

    private static DeptDependencyInfo Dependency(DeptClassInfo from, DeptClassInfo to, int line) => new()
    {
        From = from.Id,
        To = to.Id,
        Context = Context("A", from, to, line),
    };

    private static DeptReportContext Context(string name, DeptClassInfo from, DeptClassInfo to, int line) => new()
    {
        Name = name,
        Start = Point("Monitor.Enter", from, line),
        Wait = Point("Monitor.Enter", to, line + 1),
        Event = Point("Monitor.Exit", from, line + 2),
    };

    private static DeptReportPoint Point(string function, DeptClassInfo cls, int line) => new()
    {
        Function = function,
        ClassId = cls.Id,
        ClassName = cls.Name,
        Location = new DeptSourceLocation("App.Worker.Run", "/src/App/Worker" + (line % 50).ToString(CultureInfo.InvariantCulture) + ".cs", line),
    };

    // The engine's stable id: FNV-1a over the UTF-8 of "name:subId", as 16 hex digits.
    private static string StableId(string label)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(label))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
