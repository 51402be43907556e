using System.Globalization;
using Dept.Core.Reports;
using Dept.Core.Snapshots;

namespace Dept.Benchmarks.Cli;

/// <summary>
/// Report files of a given size, built directly as documents and shaped like real ones (every dependency with its
/// [S]/[W]/[E] context and source locations, AB-BA cycles reported): the inputs of the CLI scale benchmarks.
/// Two reports made with different <c>shard</c> values share their classes and half of each other's cycles.
/// </summary>
internal static class SyntheticReports
{
    public static DeptDocument Create(int classes, int edgesPerClass, int cycles, int shard)
    {
        var random = new Random(shard + 1);
        var infos = new DeptClassInfo[classes];
        for (var i = 0; i < classes; i++)
        {
            var name = $"App.Module{i / 100}.Type{i}._lock";
            infos[i] = new DeptClassInfo { Id = StableId(name + ":0"), Name = name };
        }

        var dependencies = new List<DeptDependencyInfo>(classes * edgesPerClass);
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i + 1 < classes; i++)
        {
            for (var e = 0; e < edgesPerClass; e++)
            {
                var to = random.Next(i + 1, Math.Min(classes, i + 1000));
                if (seen.Add((i, to)))
                {
                    dependencies.Add(Dependency(infos[i], infos[to], i));
                }
            }
        }

        // Shard 0 has the backward half of cycles 0..n-1; every shard has the forward chain, so cycles close in the union.
        var reports = new List<DeptReport>();
        for (var c = 0; c < cycles && (2 * c) + 1 < classes; c++)
        {
            var (a, b) = (infos[2 * c], infos[(2 * c) + 1]);
            if (c % 2 == shard % 2 && seen.Add(((2 * c) + 1, 2 * c)))
            {
                dependencies.Add(Dependency(b, a, c));
                if (seen.Contains((2 * c, (2 * c) + 1)))
                {
                    reports.Add(new DeptReport
                    {
                        Kind = DeptReportKind.Deadlock,
                        Fingerprint = Fingerprint.Of([a.Name + ":0", b.Name + ":0"]),
                        Contexts = [Context("A", a, b, c), Context("B", b, a, c)],
                    });
                }
            }
        }

        return new DeptDocument { Classes = infos, Dependencies = dependencies, Reports = reports, Source = $"synthetic shard {shard}", CreatedAt = DateTimeOffset.UnixEpoch };
    }

    /// <summary><c>--make-reports DIR CLASSES EDGES_PER_CLASS</c>: writes a.json and b.json (two shards) into DIR.</summary>
    public static void Make(string directory, int classes, int edgesPerClass)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, shard) in new[] { ("a.json", 0), ("b.json", 1) })
        {
            var path = Path.Combine(directory, name);
            DeptDocumentJson.WriteFile(Create(classes, edgesPerClass, classes / 100, shard), path);
            Console.WriteLine($"{path}: {new FileInfo(path).Length / (1 << 20)} MiB");
        }
    }

    private static DeptDependencyInfo Dependency(DeptClassInfo from, DeptClassInfo to, int line) =>
        new() { From = from.Id, To = to.Id, Context = Context("A", from, to, line) };

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

    // The engine's stable class id: FNV-1a over the UTF-8 of "name:subId", as 16 hex digits.
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
