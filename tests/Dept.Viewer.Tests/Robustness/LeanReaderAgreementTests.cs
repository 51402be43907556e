using System.Text;
using CsCheck;
using Dept.Core.Dumps;
using Dept.Core.Reports;
using Dept.Core.Snapshots;
using Dept.Viewer.Exports;
using Dept.Viewer.Model;
using Dept.Viewer.Sources;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// The lean reader (#12: interned strings, dependency stacks optionally skipped) against the serializer-only reader
/// it replaced: the same document, the same stats, view and exports, and for bad input the same one-line error;
/// and the hand-written writer against the serializer's bytes.
/// The byte and node fuzz tests (<see cref="ReportFuzzTests"/>) run <see cref="AssertReadersAgree"/> on every input.
/// </summary>
public sealed class LeanReaderAgreementTests
{
    /// <summary>
    /// Both readings of <paramref name="utf8"/> (with and without dependency stacks) accept exactly what the
    /// serializer-only reader accepts, with the same message when they refuse, and read the same document.
    /// </summary>
    internal static void AssertReadersAgree(byte[] utf8)
    {
        var reference = Outcome(() => DeptDocumentJson.ParseWithSerializer(utf8));
        var lean = Outcome(() => DeptDocumentJson.Parse(utf8, dependencyStacks: true));
        var noStacks = Outcome(() => DeptDocumentJson.Parse(utf8, dependencyStacks: false));
        // The dependency array read in two halves on two threads (#12), forced on however small the input.
        var split = Outcome(() => DeptDocumentJson.Parse((ReadOnlyMemory<byte>)utf8, dependencyStacks: true, splitBytes: 0));
        var splitNoStacks = Outcome(() => DeptDocumentJson.Parse((ReadOnlyMemory<byte>)utf8, dependencyStacks: false, splitBytes: 0));
        Assert.Equal(reference.Error, lean.Error);
        Assert.Equal(reference.Error, noStacks.Error);
        Assert.Equal(reference.Error, split.Error);
        Assert.Equal(reference.Error, splitNoStacks.Error);
        if (reference.Document is { } expected)
        {
            // The hand-written writer (#12) writes what the serializer wrote, byte for byte, for anything read.
            Assert.Equal(DeptDocumentJson.ToJsonWithSerializer(expected), DeptDocumentJson.ToJson(expected));
            Assert.Equal(DeptDocumentJson.ToJson(expected), DeptDocumentJson.ToJson(lean.Document!));
            Assert.Equal(DeptDocumentJson.ToJson(WithoutDependencyStacks(expected)), DeptDocumentJson.ToJson(noStacks.Document!));
            Assert.Equal(DeptDocumentJson.ToJson(expected), DeptDocumentJson.ToJson(split.Document!));
            Assert.Equal(DeptDocumentJson.ToJson(WithoutDependencyStacks(expected)), DeptDocumentJson.ToJson(splitNoStacks.Document!));
        }
    }

    [Fact]
    public void GeneratedDocuments_LeanReadIsTaken_AndEqualsTheSerializersDocument()
    {
        Gen.Select(Gen.Int[0, 60], Gen.Int[0, 4], Gen.Int[0, 5], Gen.Int[1, 1000]).Sample(
            (classes, edges, cycles, seed) =>
            {
                var utf8 = Encoding.UTF8.GetBytes(DeptDocumentJson.ToJson(LargeReports.Create(classes, edges, cycles, seed)));

                // The fast path itself takes a valid report (not only the fallback)...
                var lean = LeanOnly(utf8, dependencyStacks: true);
                var reference = DeptDocumentJson.ParseWithSerializer(utf8);
                Assert.Equal(DeptDocumentJson.ToJson(reference), DeptDocumentJson.ToJson(lean));
                AssertReadersAgree(utf8);
            },
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iterations(200),
            threads: 1);
    }

    [Fact]
    public void EngineReportWithStacks_LeanReadKeepsThem_OrDropsOnlyTheDependencies()
    {
        var utf8 = Encoding.UTF8.GetBytes(DeptDocumentJson.ToJson(EngineGraphs.KnownCycles().CreateDocument()));
        var reference = DeptDocumentJson.ParseWithSerializer(utf8);
        Assert.Contains(reference.Dependencies, d => d.Context.Wait.Stack.Count > 0);

        var full = LeanOnly(utf8, dependencyStacks: true);
        var lean = LeanOnly(utf8, dependencyStacks: false);

        Assert.Equal(DeptDocumentJson.ToJson(reference), DeptDocumentJson.ToJson(full));
        Assert.All(lean.Dependencies, d => Assert.Empty(d.Context.Start.Stack.Concat(d.Context.Wait.Stack).Concat(d.Context.Event.Stack)));
        Assert.Equal(reference.Reports.Select(r => r.Contexts.Sum(c => c.Wait.Stack.Count)), lean.Reports.Select(r => r.Contexts.Sum(c => c.Wait.Stack.Count)));
        AssertReadersAgree(utf8);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(50, 3)]
    [InlineData(400, 2)]
    public void WhatExportViewAndStatsShow_IsTheSameFromBothReaders(int classes, int cycles)
    {
        foreach (var document in new[] { LargeReports.Create(classes, 2, cycles, seed: classes + 7), EngineGraphs.KnownCycles().CreateDocument() })
        {
            var utf8 = Encoding.UTF8.GetBytes(DeptDocumentJson.ToJson(document));
            var reference = DeptDocumentJson.ParseWithSerializer(utf8);
            var lean = DeptDocumentJson.Parse(utf8, dependencyStacks: false);

            Assert.Equal(ProcFormat.DeptStats(DocumentAdapter.CountedStats(reference)), ProcFormat.DeptStats(DocumentAdapter.CountedStats(lean)));
            var expected = DocumentAdapter.ToView(reference, "r.json", "potential", 0);
            var actual = DocumentAdapter.ToView(lean, "r.json", "potential", 0);
            foreach (var exporter in GraphExporters.All)
            {
                Assert.Equal(Export(exporter, expected), Export(exporter, actual));
            }

            Assert.Equal(GraphText(expected), GraphText(actual));
        }
    }

    [Theory]
    [InlineData("dependencies", "\"stack\": []", "\"stack\": null")]
    [InlineData("dependencies", "\"stack\": []", "\"stack\": [1]")]
    [InlineData("dependencies", "\"stack\": []", "\"stack\": [null]")]
    [InlineData("dependencies", "\"stack\": []", "\"stack\": {}")]
    [InlineData("dependencies", "\"line\": ", "\"line\": 4.5, \"x\": ")]
    [InlineData("dependencies", "\"line\": ", "\"line\": 99999999999, \"x\": ")]
    [InlineData("dependencies", "\"timeout\": false", "\"timeout\": 0")]
    [InlineData("dependencies", "\"subId\": 0", "\"subId\": \"0\"")]
    [InlineData("dependencies", "\"function\": ", "\"function\": null, \"x\": ")]
    [InlineData("dependencies", "\"firstSeen\": ", "\"firstSeen\": \"yesterday\", \"x\": ")]
    [InlineData("dependencies", "\"classId\": ", "\"classId\": \"00000000000000ff\", \"x\": ")]
    [InlineData("dependencies", "\"to\": ", "\"to\": \"ABC\", \"x\": ")]
    [InlineData("classes", "\"eventType\": \"exclusive\"", "\"eventType\": 0")]
    [InlineData("classes", "\"eventType\": \"exclusive\"", "\"eventType\": \"nope\"")]
    [InlineData("classes", "\"name\": ", "\"name\": \"\", \"x\": ")]
    [InlineData("classes", "\"id\": ", "\"id\": null, \"x\": ")]
    public void BadValueInAClassOrDependency_GetsTheSameNamedError_FromEveryReading(string section, string find, string replace)
    {
        var json = DeptDocumentJson.ToJson(LargeReports.Create(5, 2, 1, seed: 3));
        var at = json.IndexOf(find, json.IndexOf("\"" + section + "\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at > 0, find);
        var utf8 = Encoding.UTF8.GetBytes(json[..at] + replace + json[(at + find.Length)..]);

        var error = Assert.Throws<DeptDocumentException>(() => DeptDocumentJson.ParseWithSerializer(utf8)).Message;
        Assert.Contains("$." + section + "[", error);
        Assert.Equal(error, Assert.Throws<DeptDocumentException>(() => DeptDocumentJson.Parse(utf8)).Message);
        Assert.Equal(error, Assert.Throws<DeptDocumentException>(() => DeptDocumentJson.Parse(utf8, dependencyStacks: false)).Message);
    }

    [Fact]
    public void InvalidUtf8InASkippedStack_IsStillRefused()
    {
        var json = DeptDocumentJson.ToJson(EngineGraphs.KnownCycles().CreateDocument());
        var utf8 = Encoding.UTF8.GetBytes(json);
        var frame = Encoding.UTF8.GetBytes("\"stack\": [\n");
        var at = utf8.AsSpan().IndexOf(frame);
        Assert.True(at > 0);
        var quote = Array.IndexOf(utf8, (byte)'"', at + frame.Length);
        utf8[quote + 1] = 0xC3; // a lead byte followed by an ASCII letter: not UTF-8
        utf8[quote + 2] = (byte)'A';

        var error = Assert.Throws<DeptDocumentException>(() => DeptDocumentJson.ParseWithSerializer(utf8)).Message;
        Assert.Equal(error, Assert.Throws<DeptDocumentException>(() => DeptDocumentJson.Parse(utf8, dependencyStacks: false)).Message);
    }

    [Fact]
    public void AFieldNamedTwice_IsReadAsTheSerializerReadsIt()
    {
        var json = DeptDocumentJson.ToJson(LargeReports.Create(3, 1, 0, seed: 1));
        var utf8 = Encoding.UTF8.GetBytes(json.Replace("\"subId\": 0,", "\"subId\": 0, \"subId\": 5,", StringComparison.Ordinal));
        AssertReadersAgree(utf8);
    }

    private static DeptDocument LeanOnly(byte[] utf8, bool dependencyStacks)
    {
        var options = (System.Text.Json.JsonSerializerOptions)typeof(DeptDocumentJson)
            .GetField("s_options", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
        var document = LeanDocumentReader.Read(utf8, options, dependencyStacks);
        DeptDocumentValidator.Validate(document);
        return document;
    }

    private static DeptDocument WithoutDependencyStacks(DeptDocument document) => document with
    {
        Dependencies = [.. document.Dependencies.Select(d => d with
        {
            Context = d.Context with
            {
                Start = d.Context.Start with { Stack = [] },
                Wait = d.Context.Wait with { Stack = [] },
                Event = d.Context.Event with { Stack = [] },
            },
        })],
    };

    private static (DeptDocument? Document, string? Error) Outcome(Func<DeptDocument> read)
    {
        try
        {
            return (read(), null);
        }
        catch (DeptDocumentException ex)
        {
            return (null, ex.Message);
        }
    }

    private static string Export(IGraphExporter exporter, ViewGraph graph)
    {
        using var sink = new MemoryStream();
        exporter.Export(graph, sink);
        return Encoding.UTF8.GetString(sink.ToArray());
    }

    private static string GraphText(ViewGraph graph)
    {
        using var sink = new MemoryStream();
        GraphJson.Write(graph, sink, indented: false);
        return Encoding.UTF8.GetString(sink.ToArray());
    }
}
