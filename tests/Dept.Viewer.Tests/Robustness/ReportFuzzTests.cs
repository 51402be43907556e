using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Dept.Core.Dumps;
using Dept.Core.Snapshots;
using Dept.Viewer.Exports;
using Dept.Viewer.Sources;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// The report reader and everything downstream of it (view adapter, exporters, proc texts), driven by CsCheck with
/// mutated and generated documents (#13): the only exception a bad report may cause is
/// <see cref="DeptDocumentException"/>; a report the reader accepts never crashes stats, export or view.
/// </summary>
public sealed class ReportFuzzTests
{
    private static readonly string s_valid = DeptDocumentJson.ToJson(ValidDocument());

    private static readonly Gen<JsonNode?> s_replacement = Gen.OneOf<JsonNode?>(
        Gen.Int[0, 0].Select(_ => (JsonNode?)null),
        Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Int[0, 0].Select(_ => (JsonNode?)new JsonArray()),
        Gen.Int[0, 0].Select(_ => (JsonNode?)new JsonObject()),
        Gen.Int[0, 8].Select(depth => Nested(depth)),
        Gen.OneOf(Gen.Const("0000000000000000"), Gen.Const("ffffffffffffffff"), Gen.Const("DEADBEEFDEADBEEF"), Gen.Const("\u001b[2J"))
            .Select(s => (JsonNode?)JsonValue.Create(s)));

    [Fact]
    public void MutatedNodes_ReaderRefusesWithItsErrorType_OrEverythingDownstreamWorks()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int.Array[4], s_replacement.Array[4], Gen.Int[0, 2].Array[4]).Sample(
            (count, picks, replacements, actions) => Check(Mutate(count, picks, replacements, actions)),
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iterations(2000),
            threads: 1);
    }

    [Fact]
    public void MutatedBytes_ReaderRefusesWithItsErrorType_OrEverythingDownstreamWorks()
    {
        var bytes = Encoding.UTF8.GetBytes(s_valid);
        Gen.Select(Gen.Int[0, bytes.Length - 1].Array[1, 8], Gen.Byte.Array[8], Gen.Int[0, bytes.Length]).Sample(
            (positions, values, cut) =>
            {
                var copy = (byte[])bytes.Clone();
                for (var i = 0; i < positions.Length; i++)
                {
                    copy[positions[i]] = values[i];
                }

                Check(copy.AsSpan(0, Math.Max(cut, copy.Length / 2)).ToArray());
            },
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iterations(2000),
            threads: 1);
    }

    [Fact]
    public void GeneratedDocuments_RoundTrip_AndExportWithoutException()
    {
        Gen.Select(Gen.Int[0, 40], Gen.Int[0, 4], Gen.Int[0, 5], Gen.Int[1, 1000]).Sample(
            (classes, edges, cycles, seed) =>
            {
                var document = LargeReports.Create(classes, edges, cycles, seed);
                var read = DeptDocumentJson.Parse(DeptDocumentJson.ToJson(document));
                Assert.Equal(document.Classes.Count, read.Classes.Count);
                Assert.Equal(document.Dependencies.Count, read.Dependencies.Count);
                Assert.Equal(document.Reports.Select(r => r.Fingerprint), read.Reports.Select(r => r.Fingerprint));
                Downstream(read);
            },
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iterations(300),
            threads: 1);
    }

    private static void Check(string json) => Check(Encoding.UTF8.GetBytes(json));

    private static void Check(byte[] utf8)
    {
        LeanReaderAgreementTests.AssertReadersAgree(utf8);
        DeptDocument document;
        try
        {
            document = DeptDocumentJson.Parse(utf8);
        }
        catch (DeptDocumentException ex)
        {
            // The documented error: one line, naming where.
            Assert.DoesNotContain('\n', ex.Message);
            Assert.DoesNotContain('\u001b', ex.Message);
            return;
        }

        Downstream(document);
    }

    // What stats, export and view do with an accepted document: none of it may throw.
    private static void Downstream(DeptDocument document)
    {
        _ = ProcFormat.DeptStats(DocumentAdapter.CountedStats(document));
        _ = new DocumentSource(document, "fuzz.json");
        var graph = DocumentAdapter.ToView(document, "fuzz.json", document.Mode.ToString(), 0);
        foreach (var exporter in GraphExporters.All)
        {
            using var sink = new MemoryStream();
            exporter.Export(graph, sink);
        }
    }

    private static string Mutate(int count, int[] picks, JsonNode?[] replacements, int[] actions)
    {
        var root = JsonNode.Parse(s_valid)!;
        for (var m = 0; m < count; m++)
        {
            var nodes = Descendants(root).ToList();
            var (parent, key, index) = nodes[(int)((uint)picks[m] % (uint)nodes.Count)];
            var replacement = replacements[m]?.DeepClone();
            switch (actions[m])
            {
                case 0 when parent is JsonObject o:
                    o[key!] = replacement; // replace a value (null, wrong type, a malformed id...)
                    break;
                case 1 when parent is JsonObject o:
                    o.Remove(key!); // a missing field
                    break;
                case 0 or 1 when parent is JsonArray a:
                    a[index] = replacement; // a replaced or nulled element
                    break;
                default:
                    if (parent is JsonArray array && array.Count > 0)
                    {
                        array.Add(array[0]?.DeepClone()); // a repeated element (possibly an earlier mutation's null): a repeated class id, a duplicate report
                    }

                    break;
            }
        }

        return root.ToJsonString();
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Descendants(JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o.ToList())
            {
                yield return (o, key, -1);
                if (value is not null)
                {
                    foreach (var d in Descendants(value))
                    {
                        yield return d;
                    }
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                yield return (a, null, i);
                if (a[i] is { } value)
                {
                    foreach (var d in Descendants(value))
                    {
                        yield return d;
                    }
                }
            }
        }
    }

    private static JsonNode? Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth * 20; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static DeptDocument ValidDocument()
    {
        var document = EngineGraphs.KnownCycles().CreateDocument([new DeptUninstrumentedCall("WaitHandle.SignalAndWait", "M (F.cs:1)", 1)]);
        return document with
        {
            Hangs = [new DeptHang { Thread = "OS thread 1", WaitingOn = "lock 0x1", Waited = TimeSpan.FromSeconds(6), Stack = ["Frame()"] }],
            Reports = [document.Reports[0] with { Notes = ["a note"] }, .. document.Reports.Skip(1)],
        };
    }
}
