using System.Text.RegularExpressions;

namespace Dept.Viewer.Tests.Exports;

/// <summary>
/// A strict parser for the Mermaid flowchart subset Dept writes: the header, node definitions
/// <c>id["label"]</c>, links <c>a --&gt; b</c> / <c>a -.-&gt; b</c> with an optional <c>|"label"|</c>, and the
/// <c>classDef</c> / <c>class</c> / <c>linkStyle</c> statements. Anything else fails the test, so a syntax slip
/// that would make GitHub show "Unable to render" is caught here.
/// </summary>
internal static partial class MermaidParser
{
    public sealed record Chart(Dictionary<string, string> Nodes, List<(string From, string To, bool Dotted, string? Label)> Links, HashSet<string> CycleClass, int StyledLinks);

    public static Chart Parse(string text)
    {
        var lines = text.Split('\n');
        Assert.Equal("flowchart LR", lines[0]);
        Assert.Equal(string.Empty, lines[^1]);
        var nodes = new Dictionary<string, string>(StringComparer.Ordinal);
        var links = new List<(string, string, bool, string?)>();
        var cycle = new HashSet<string>(StringComparer.Ordinal);
        var styled = 0;
        var classDefs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines[1..^1])
        {
            Match m;
            if ((m = NodeLine().Match(line)).Success)
            {
                Assert.True(nodes.TryAdd(m.Groups[1].Value, Decode(m.Groups[2].Value)), $"node {m.Groups[1].Value} defined twice");
            }
            else if ((m = LinkLine().Match(line)).Success)
            {
                var (from, to) = (m.Groups[1].Value, m.Groups[4].Value);
                Assert.True(nodes.ContainsKey(from) && nodes.ContainsKey(to), $"link {line} names an undefined node");
                links.Add((from, to, m.Groups[2].Value == "-.->", m.Groups[3].Success ? Decode(m.Groups[3].Value) : null));
            }
            else if ((m = ClassDefLine().Match(line)).Success)
            {
                classDefs.Add(m.Groups[1].Value);
            }
            else if ((m = ClassLine().Match(line)).Success)
            {
                Assert.Contains(m.Groups[2].Value, classDefs);
                foreach (var id in m.Groups[1].Value.Split(','))
                {
                    Assert.True(nodes.ContainsKey(id), $"class statement names undefined node {id}");
                    cycle.Add(id);
                }
            }
            else if ((m = LinkStyleLine().Match(line)).Success)
            {
                foreach (var index in m.Groups[1].Value.Split(',').Select(int.Parse))
                {
                    Assert.InRange(index, 0, links.Count - 1);
                    styled++;
                }
            }
            else
            {
                Assert.Fail($"not Mermaid flowchart syntax Dept writes: '{line}'");
            }
        }

        return new Chart(nodes, links, cycle, styled);
    }

    // Mermaid's entity codes: named (#quot;) or decimal (#35;).
    private static string Decode(string s)
    {
        Assert.DoesNotContain("\"", s, StringComparison.Ordinal);
        Assert.DoesNotContain("<", s, StringComparison.Ordinal);
        return Entity().Replace(s, m => m.Groups[1].Value switch
        {
            "quot" => "\"",
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            var n when int.TryParse(n, out var code) => ((char)code).ToString(),
            var n => throw new FormatException($"unknown entity #{n};"),
        });
    }

    [GeneratedRegex("^  (c[0-9]+)\\[\"([^\"]*)\"\\]$")]
    private static partial Regex NodeLine();

    [GeneratedRegex("^  (c[0-9]+) (-->|-\\.->)(?:\\|\"([^\"]*)\"\\|)? (c[0-9]+)$")]
    private static partial Regex LinkLine();

    [GeneratedRegex("^  classDef ([a-z]+) [a-z-]+:[#0-9a-z]+(?:,[a-z-]+:[#0-9a-z]+)*$")]
    private static partial Regex ClassDefLine();

    [GeneratedRegex("^  class (c[0-9]+(?:,c[0-9]+)*) ([a-z]+)$")]
    private static partial Regex ClassLine();

    [GeneratedRegex("^  linkStyle ([0-9]+(?:,[0-9]+)*) [a-z-]+:[#0-9a-z]+(?:,[a-z-]+:[#0-9a-z]+)*$")]
    private static partial Regex LinkStyleLine();

    [GeneratedRegex("#([a-z]+|[0-9]+);")]
    private static partial Regex Entity();
}
