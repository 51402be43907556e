using CsCheck;
using Dept.Core.Classes;
using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Viewer.Merge;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// The engine-free union (<see cref="GraphUnion"/>, #12) against the engine's own import
/// (<see cref="DocumentUnion.ThroughEngine"/>), on random inputs: shared classes under different ids and sub ids,
/// call-site classes, duplicate pairs within and across inputs (with and without a timeout, which can turn a timeout
/// cycle into a deadlock), self-dependencies, implicit (event) dependencies, points with and without locations,
/// stacks, threads, and dependencies naming a class their document does not have. Everything must be equal but the
/// time stamps and statistics the union documents as different; those are checked on their own.
/// </summary>
public sealed class GraphUnionAgreementTests
{
    private static readonly DateTimeOffset s_epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static int s_run;

    [Fact]
    public void RandomInputs_UnionEqualsTheEngineImport_ButForItsDocumentedStamps()
    {
        Gen.Int[0, int.MaxValue].Select(Gen.Int[1, 4]).Sample(
            (seed, count) =>
            {
                // Class names are unique to each sample: the engine interns names for the process, and whether a
                // name is a call site is decided by its first sighting there.
                var prefix = $"U{Interlocked.Increment(ref s_run)}.";
                var random = new Random(seed);
                // In half of the samples, about half of the inputs as an engine writes them (what the union gives back
                // as it is). Making them interns their names for the process first, so there a name is a call site
                // in every input or in none; elsewhere inputs disagree and the first to name a class decides.
                var engineShaped = random.Next(2) == 0;
                var documents = Enumerable.Range(0, count)
                    .Select(_ => RandomDocument(random, prefix, engineShaped))
                    .Select(d => engineShaped && random.Next(2) == 0 ? DocumentUnion.ThroughEngine([d], "engine") : d)
                    .ToList();
                AssertAgree(documents);
            },
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iterations(400),
            threads: 1);
    }

    [Fact]
    public void ACycleClosedOnlyByTheUnion_AndATimeoutCycleMadeADeadlock_AreReportedAsTheEngineReportsThem()
    {
        var (a, b) = (Class("Agree.A"), Class("Agree.B"));
        var first = Document([a, b], [Dependency(a, b, timeout: true, at: 5)]);
        var second = Document([a, b], [Dependency(b, a, at: 7)]);
        var third = Document([a, b], [Dependency(a, b, at: 3)]);

        var union = AssertAgree([first, second, third]);

        Assert.Equal([DeptReportKind.TimeoutCircularDependency, DeptReportKind.Deadlock], union.Reports.Select(r => r.Kind));
        Assert.False(union.Dependencies[0].Timeout);
    }

    [Fact]
    public void FirstSeen_IsTheEarliestAnInputGave_AndAReportsDetection_ItsInputsOrItsLastDependencys()
    {
        var (a, b, c) = (Class("Stamp.A"), Class("Stamp.B"), Class("Stamp.C"));
        var reported = new DeptReport
        {
            Kind = DeptReportKind.Deadlock,
            Fingerprint = Fingerprint.Of(["Stamp.B:0", "Stamp.C:0"]),
            Contexts = [Dependency(b, c, at: 1).Context],
            DetectedAt = s_epoch.AddMinutes(2),
        };
        var first = Document([a, b, c], [Dependency(a, b, at: 40), Dependency(b, c, at: 9), Dependency(c, b, at: 50)], reported);
        var second = Document([a, b, c], [Dependency(a, b, at: 30), Dependency(b, a, at: 20), Dependency(c, b)]);

        var union = DocumentUnion.Of([first, second], "test", time: new FixedTime(s_epoch.AddYears(1)));

        Assert.Equal(
            [("a>b", 30), ("b>c", 9), ("c>b", 50), ("b>a", 20)],
            union.Dependencies.Select(d => (Pair(union, d), (int)(d.FirstSeen - s_epoch).TotalMinutes)));
        // b -> c -> b: an input reported that cycle, so its time stands; a -> b -> a: closed by the union when b -> a
        // arrived, after a -> b, so at the later of the two first sightings.
        Assert.Equal(
            [(reported.Fingerprint, 2), (Fingerprint.Of(["Stamp.A:0", "Stamp.B:0"]), 30)],
            union.Reports.Select(r => (r.Fingerprint, (int)(r.DetectedAt - s_epoch).TotalMinutes)));
        Assert.Equal(s_epoch.AddYears(1), union.CreatedAt);
        // The same inputs merged twice: the same document.
        Assert.Equal(
            DeptDocumentJson.ToJson(union),
            DeptDocumentJson.ToJson(DocumentUnion.Of([first, second], "test", time: new FixedTime(s_epoch.AddYears(1)))));
    }

    [Fact]
    public void AnEngineDocumentMergedWithItself_IsGivenBackAsItsOwnObjects()
    {
        var (a, b) = (Class("Same.A"), Class("Same.B"));
        var engine = DocumentUnion.ThroughEngine([Document([a, b], [Dependency(a, b, at: 1), Dependency(b, a, at: 2)])], "engine");

        var union = AssertAgree([engine, engine]);

        Assert.Equal(engine.Dependencies.Count, union.Dependencies.Count);
        Assert.All(union.Dependencies.Zip(engine.Dependencies), p => Assert.Same(p.Second, p.First));
        // The cycle's report is made anew, from the same points.
        Assert.Same(engine.Dependencies[1].Context.Start, Assert.Single(union.Reports).Contexts[0].Start);
    }

    [Fact]
    public void ADependencyNamingNoClassOfItsDocument_IsLeftOut_AsTheEngineLeavesItOut()
    {
        var (a, b) = (Class("Orphan.A"), Class("Orphan.B"));
        var lone = Document([a], [Dependency(a, b, at: 1)]);
        var union = AssertAgree([lone, Document([a, b], [])]);
        Assert.Empty(union.Dependencies);
        Assert.Equal(2, union.Classes.Count);
    }

    [Fact]
    public void DeptMerge_UsesTheUnion_AndKeepsTheInputsStamps()
    {
        var (a, b) = (Class("Merge.A"), Class("Merge.B"));
        var merged = ReportMerger.Merge(
        [
            ("a.json", Document([a, b], [Dependency(a, b, at: 4)])),
            ("b.json", Document([a, b], [Dependency(b, a, at: 6)])),
        ]);

        Assert.Equal([4, 6], merged.Merged.Dependencies.Select(d => (int)(d.FirstSeen - s_epoch).TotalMinutes));
        var report = Assert.Single(merged.UnionOnly);
        Assert.Equal(s_epoch.AddMinutes(6), report.DetectedAt);
    }

    // The union and the engine's import must agree on everything but the stamps and the statistics they document.
    private static DeptDocument AssertAgree(IReadOnlyList<DeptDocument> documents)
    {
        var union = DocumentUnion.Of(documents, "agreement");
        var engine = DocumentUnion.ThroughEngine(documents, "agreement");
        Assert.Equal(DeptDocumentJson.ToJson(Unstamped(engine)), DeptDocumentJson.ToJson(Unstamped(union)));
        Assert.Equal(
            (engine.Stats!.Classes, engine.Stats.Dependencies, engine.Stats.CycleChecks, engine.Stats.Reports),
            (union.Stats!.Classes, union.Stats.Dependencies, union.Stats.CycleChecks, union.Stats.Reports));

        // The stamps the union keeps: each dependency's earliest input time.
        var earliest = new Dictionary<(string, string), DateTimeOffset>();
        foreach (var d in documents)
        {
            var ids = d.Classes.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => StableHash.Hex(StableHash.Of($"{g.Last().Name}:{g.Last().SubId}")));
            foreach (var x in d.Dependencies.Where(x => ids.ContainsKey(x.From) && ids.ContainsKey(x.To)))
            {
                var key = (ids[x.From], ids[x.To]);
                if (x.FirstSeen != default && (!earliest.TryGetValue(key, out var t) || x.FirstSeen < t))
                {
                    earliest[key] = x.FirstSeen;
                }
            }
        }

        Assert.All(union.Dependencies, d => Assert.Equal(earliest.GetValueOrDefault((d.From, d.To)), d.FirstSeen));
        return union;
    }

    private static DeptDocument Unstamped(DeptDocument d) => d with
    {
        CreatedAt = default,
        Stats = null,
        Dependencies = [.. d.Dependencies.Select(x => x with { FirstSeen = default })],
        Reports = [.. d.Reports.Select(r => r with { DetectedAt = default })],
    };

    private static DeptDocument RandomDocument(Random random, string prefix, bool callSitesByName)
    {
        var classes = new List<DeptClassInfo>();
        var used = new HashSet<string>();
        for (var i = random.Next(1, 7); i > 0; i--)
        {
            var n = random.Next(0, 6);
            var name = prefix + "C" + n;
            var subId = new[] { 0, 0, 0, 1, 8, 17 }[random.Next(6)];
            // The engine's id, or any other: an input's ids only tie its dependencies to its classes.
            var id = random.Next(3) == 0 ? random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture) : StableHash.Hex(StableHash.Of($"{name}:{subId}"));
            if (used.Add(id))
            {
                classes.Add(new DeptClassInfo { Id = id, Name = name, SubId = subId, IsCallSite = callSitesByName ? n == 5 : random.Next(4) == 0 });
            }
        }

        var dependencies = new List<DeptDependencyInfo>();
        for (var i = random.Next(0, 12); i > 0; i--)
        {
            var from = classes[random.Next(classes.Count)];
            var to = random.Next(12) == 0 ? Class(prefix + "Elsewhere") : classes[random.Next(classes.Count)];
            dependencies.Add(new DeptDependencyInfo
            {
                From = from.Id,
                To = to.Id,
                Timeout = random.Next(4) == 0,
                Implicit = random.Next(4) == 0,
                FirstSeen = random.Next(5) == 0 ? default : s_epoch.AddMinutes(random.Next(100)),
                Context = new DeptReportContext
                {
                    Name = "A",
                    Start = RandomPoint(random, from, "Monitor.Enter"),
                    Wait = RandomPoint(random, to, "Monitor.Enter"),
                    Event = RandomPoint(random, from, "Monitor.Exit"),
                    Timeout = random.Next(2) == 0,
                    Thread = random.Next(3) == 0 ? null : "worker-" + random.Next(3),
                },
            });
        }

        return new DeptDocument { Classes = classes, Dependencies = dependencies, Source = "random" };
    }

    private static DeptReportPoint RandomPoint(Random random, DeptClassInfo cls, string function) => new()
    {
        Function = function + random.Next(2),
        ClassId = cls.Id,
        ClassName = cls.Name,
        Location = random.Next(4) == 0 ? null : new DeptSourceLocation(random.Next(5) == 0 ? null : "App.Run", "/src/F" + random.Next(4) + ".cs", random.Next(1, 9), random.Next(3) - 1),
        Stack = random.Next(3) == 0 ? [] : [.. Enumerable.Range(0, random.Next(1, 4)).Select(i => "App.Frame" + random.Next(4) + " in F.cs:line " + i)],
        Note = random.Next(4) == 0 ? "a note the union does not keep" : null,
    };

    private static DeptClassInfo Class(string name) => new() { Id = StableHash.Hex(StableHash.Of(name + ":0")), Name = name };

    private static DeptDocument Document(DeptClassInfo[] classes, DeptDependencyInfo[] dependencies, params DeptReport[] reports)
        => new() { Classes = classes, Dependencies = dependencies, Reports = reports, Source = "test" };

    private static DeptDependencyInfo Dependency(DeptClassInfo from, DeptClassInfo to, bool timeout = false, int? at = null) => new()
    {
        From = from.Id,
        To = to.Id,
        Timeout = timeout,
        FirstSeen = at is { } minutes ? s_epoch.AddMinutes(minutes) : default,
        Context = new DeptReportContext
        {
            Name = "A",
            Start = new() { Function = "Monitor.Enter", ClassId = from.Id, ClassName = from.Name, Location = new("App.Run", "/src/A.cs", 1) },
            Wait = new() { Function = "Monitor.Enter", ClassId = to.Id, ClassName = to.Name, Location = new("App.Run", "/src/A.cs", 2) },
            Event = new() { Function = "Monitor.Exit", ClassId = from.Id, ClassName = from.Name, Location = new("App.Run", "/src/A.cs", 3) },
            Timeout = timeout,
        },
    };

    private static string Pair(DeptDocument d, DeptDependencyInfo x)
        => d.Classes.First(c => c.Id == x.From).Name[^1..].ToLowerInvariant() + ">" + d.Classes.First(c => c.Id == x.To).Name[^1..].ToLowerInvariant();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
