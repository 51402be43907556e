using System.Text;
using System.Text.Json;
using CsCheck;
using Dept.Core.Snapshots;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Robustness;

/// <summary>
/// The dependency array read in two halves on two threads (#12, <c>LeanDocumentReader.Split</c>): the split point is
/// a guess from a byte scan, so these inputs make the guess wrong in every way a report allows (inside a string,
/// inside a nested array of objects, past the array's end, in compact JSON) and check that the result is always the
/// in-order reading's, and that bad bytes after the split get the same named error.
/// </summary>
public sealed class SplitReadTests
{
    [Fact]
    public void GeneratedReports_SplitReadEqualsTheInOrderRead_AndTheSplitIsTaken()
    {
        var before = LeanDocumentReader.SplitReads;
        Gen.Select(Gen.Int[2, 300], Gen.Int[1, 4], Gen.Int[0, 20], Gen.Int[1, 1000], Gen.Bool).Sample(
            (classes, edges, cycles, seed, compact) =>
            {
                var document = LargeReports.Create(classes, edges, cycles, seed);
                AssertSplitAgrees(compact ? Compact(DeptDocumentJson.ToJson(document)) : Encoding.UTF8.GetBytes(DeptDocumentJson.ToJson(document)));
            },
            seed: FuzzSettings.Seed,
            iter: FuzzSettings.Iterations(200),
            threads: 1);
        Assert.True(LeanDocumentReader.SplitReads > before, "no generated report was read in two halves");
    }

    [Theory]
    [InlineData("}, {")]
    [InlineData("},{")]
    [InlineData("}\\n,\\n{")]
    [InlineData("\\\"}, {\\\"")]
    public void TextsThatLookLikeABoundary_NeverSplitAStringOrAnElement(string trap)
    {
        // Every string a dependency carries holds the pattern the scan looks for: most guesses land inside one.
        var document = LargeReports.Create(200, 2, 5, seed: 3);
        var json = DeptDocumentJson.ToJson(document with
        {
            Dependencies = [.. document.Dependencies.Select(d => d with
            {
                Context = d.Context with
                {
                    Thread = "worker " + trap,
                    Wait = d.Context.Wait with { Stack = ["at A" + trap + "B", "{" + trap + "}"] },
                },
            })],
        });
        AssertSplitAgrees(Encoding.UTF8.GetBytes(json));
        AssertSplitAgrees(Compact(json));
    }

    [Fact]
    public void BadBytesAfterTheSplit_GetTheSerializersNamedError_AndNothingIsLost()
    {
        var json = DeptDocumentJson.ToJson(LargeReports.Create(300, 2, 5, seed: 7));
        var utf8 = Encoding.UTF8.GetBytes(json);
        var start = json.IndexOf("\"dependencies\"", StringComparison.Ordinal);
        var random = new Random(11);
        for (var i = 0; i < 40; i++)
        {
            // Somewhere in the second half of the array: a wrong value, a cut, or a stray token.
            var at = start + ((utf8.Length - start) / 2) + random.Next(0, (utf8.Length - start) / 3);
            var bad = (byte[])utf8.Clone();
            switch (i % 3)
            {
                case 0:
                    bad[at] = (byte)'@';
                    break;
                case 1:
                    bad = bad[..at];
                    break;
                default:
                    bad[at] = (byte)'{';
                    break;
            }

            AssertSplitAgrees(bad);
        }
    }

    [Fact]
    public void AHalfThePoolNeverRuns_IsReadByTheCallerOnArrival_WithoutWaiting()
    {
        // One processor, or every pool thread busy: the half is never started, and the caller claims it at the split.
        var utf8 = Encoding.UTF8.GetBytes(DeptDocumentJson.ToJson(LargeReports.Create(300, 2, 5, seed: 5)));
        string? json = null;
        var reader = new Thread(() => json = DeptDocumentJson.ToJson(DeptDocumentJson.Parse((ReadOnlyMemory<byte>)utf8, dependencyStacks: true, splitBytes: 0, queueHalf: false)));
        reader.Start();
        Assert.True(reader.Join(TimeSpan.FromSeconds(60)), "the split read waited for a half nobody runs");
        Assert.Equal(DeptDocumentJson.ToJson(DeptDocumentJson.ParseWithSerializer(utf8)), json);
    }

    private static void AssertSplitAgrees(byte[] utf8)
    {
        var reference = Outcome(() => DeptDocumentJson.ParseWithSerializer(utf8));
        foreach (var stacks in new[] { true, false })
        {
            var inOrder = Outcome(() => DeptDocumentJson.Parse(utf8, stacks));
            var split = Outcome(() => DeptDocumentJson.Parse((ReadOnlyMemory<byte>)utf8, stacks, splitBytes: 0));
            Assert.Equal(reference.Error, split.Error);
            Assert.Equal(inOrder.Error, split.Error);
            if (inOrder.Json is { } expected)
            {
                Assert.Equal(expected, split.Json);
            }
        }
    }

    private static (string? Json, string? Error) Outcome(Func<DeptDocument> read)
    {
        try
        {
            return (DeptDocumentJson.ToJson(read()), null);
        }
        catch (DeptDocumentException ex)
        {
            return (null, ex.Message);
        }
    }

    private static byte[] Compact(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            parsed.WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
