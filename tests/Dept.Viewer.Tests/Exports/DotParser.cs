using System.Text;

namespace Dept.Viewer.Tests.Exports;

/// <summary>A parsed DOT graph: what the DOT exporter tests read back.</summary>
internal sealed record DotGraph(
    bool Directed,
    string? Name,
    Dictionary<string, Dictionary<string, string>> Nodes,
    List<(string From, string To, Dictionary<string, string> Attributes)> Edges,
    Dictionary<string, string> GraphAttributes);

/// <summary>
/// A small but real parser for the Graphviz DOT language (graphviz.org/doc/info/lang.html): IDs, numerals, quoted
/// strings with escapes and '+' concatenation, comments, attribute lists, node/edge/graph statements, edge chains and
/// anonymous or named subgraphs. Throws <see cref="FormatException"/> with the position of the first error.
/// </summary>
internal sealed class DotParser
{
    private readonly List<(string Kind, string Text, int Pos)> _tokens;
    private int _i;

    private DotParser(string text) => _tokens = Tokenize(text);

    public static DotGraph Parse(string text) => new DotParser(text).ParseGraph();

    private DotGraph ParseGraph()
    {
        if (PeekKeyword("strict"))
        {
            _i++;
        }

        var kind = Expect("id").ToLowerInvariant();
        if (kind is not ("graph" or "digraph"))
        {
            throw Error($"expected 'graph' or 'digraph', got '{kind}'");
        }

        string? name = Peek().Kind is "id" or "string" ? Next().Text : null;
        var g = new DotGraph(kind == "digraph", name, [], [], []);
        Expect("{");
        StatementList(g);
        Expect("}");
        if (_i != _tokens.Count)
        {
            throw Error("text after the closing '}'");
        }

        return g;
    }

    private void StatementList(DotGraph g)
    {
        while (Peek().Kind != "}")
        {
            Statement(g);
            if (Peek().Kind == ";")
            {
                _i++;
            }
        }
    }

    private void Statement(DotGraph g)
    {
        if (PeekKeyword("graph") || PeekKeyword("node") || PeekKeyword("edge"))
        {
            var target = Next().Text.ToLowerInvariant();
            var attrs = AttributeLists();
            if (target == "graph")
            {
                foreach (var (k, v) in attrs)
                {
                    g.GraphAttributes[k] = v;
                }
            }

            return;
        }

        var left = Operand(g);
        if (Peek().Kind == "=" && left.Count == 1)
        {
            _i++;
            g.GraphAttributes[left[0]] = Id();
            return;
        }

        var chain = new List<List<string>> { left };
        while (Peek().Kind is "->" or "--")
        {
            var op = Next();
            if ((op.Text == "->") != g.Directed)
            {
                throw Error($"edge operator '{op.Text}' does not match the graph kind", op.Pos);
            }

            chain.Add(Operand(g));
        }

        var attributes = AttributeLists();
        if (chain.Count == 1)
        {
            foreach (var node in left)
            {
                var existing = g.Nodes.TryGetValue(node, out var a) ? a : g.Nodes[node] = [];
                foreach (var (k, v) in attributes)
                {
                    existing[k] = v;
                }
            }

            return;
        }

        for (var i = 0; i + 1 < chain.Count; i++)
        {
            foreach (var from in chain[i])
            {
                foreach (var to in chain[i + 1])
                {
                    g.Edges.Add((from, to, new Dictionary<string, string>(attributes)));
                }
            }
        }
    }

    // A node id (with optional port) or a subgraph; returns the node ids it stands for.
    private List<string> Operand(DotGraph g)
    {
        if (PeekKeyword("subgraph") || Peek().Kind == "{")
        {
            if (PeekKeyword("subgraph"))
            {
                _i++;
                if (Peek().Kind is "id" or "string")
                {
                    _i++;
                }
            }

            var before = g.Nodes.Keys.ToHashSet();
            Expect("{");
            StatementList(g);
            Expect("}");
            return g.Nodes.Keys.Where(k => !before.Contains(k)).ToList();
        }

        var id = Id();
        if (Peek().Kind == ":")
        {
            _i++;
            Id();
            if (Peek().Kind == ":")
            {
                _i++;
                Id();
            }
        }

        if (!g.Nodes.ContainsKey(id))
        {
            g.Nodes[id] = [];
        }

        return [id];
    }

    private Dictionary<string, string> AttributeLists()
    {
        var result = new Dictionary<string, string>();
        while (Peek().Kind == "[")
        {
            _i++;
            while (Peek().Kind != "]")
            {
                var key = Id();
                Expect("=");
                result[key] = Id();
                if (Peek().Kind is "," or ";")
                {
                    _i++;
                }
            }

            Expect("]");
        }

        return result;
    }

    private string Id()
    {
        var t = Next();
        if (t.Kind is not ("id" or "string"))
        {
            throw Error($"expected an ID, got '{t.Text}'", t.Pos);
        }

        var text = t.Text;
        while (t.Kind == "string" && Peek().Kind == "+")
        {
            _i++;
            t = Next();
            if (t.Kind != "string")
            {
                throw Error("'+' must join two quoted strings", t.Pos);
            }

            text += t.Text;
        }

        return text;
    }

    private (string Kind, string Text, int Pos) Peek() => _i < _tokens.Count ? _tokens[_i] : ("eof", "end of input", -1);

    private (string Kind, string Text, int Pos) Next()
    {
        var t = Peek();
        if (t.Kind == "eof")
        {
            throw Error("unexpected end of input");
        }

        _i++;
        return t;
    }

    private bool PeekKeyword(string keyword) => Peek().Kind == "id" && string.Equals(Peek().Text, keyword, StringComparison.OrdinalIgnoreCase);

    private string Expect(string kind)
    {
        var t = Next();
        if (t.Kind != kind)
        {
            throw Error($"expected '{kind}', got '{t.Text}'", t.Pos);
        }

        return t.Text;
    }

    private FormatException Error(string message, int? pos = null) =>
        new($"DOT parse error at offset {pos ?? Peek().Pos}: {message}");

    private static List<(string, string, int)> Tokenize(string s)
    {
        var tokens = new List<(string, string, int)>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '/' || c == '#')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? throw new FormatException($"DOT parse error at offset {i}: unterminated comment") : end + 2;
            }
            else if (c == '"')
            {
                var start = i++;
                var b = new StringBuilder();
                while (true)
                {
                    if (i >= s.Length)
                    {
                        throw new FormatException($"DOT parse error at offset {start}: unterminated string");
                    }

                    if (s[i] == '"')
                    {
                        i++;
                        break;
                    }

                    if (s[i] == '\\' && i + 1 < s.Length)
                    {
                        // DOT keeps escapes other than \" as written; \n etc. are label escapes, decoded here for tests.
                        var e = s[i + 1];
                        b.Append(e switch { '"' => "\"", '\\' => "\\", 'n' => "\n", '\n' => string.Empty, _ => "\\" + e });
                        i += 2;
                        continue;
                    }

                    b.Append(s[i++]);
                }

                tokens.Add(("string", b.ToString(), start));
            }
            else if (c == '-' && i + 1 < s.Length && (s[i + 1] == '>' || s[i + 1] == '-'))
            {
                tokens.Add((s.Substring(i, 2), s.Substring(i, 2), i));
                i += 2;
            }
            else if ("{}[]=;,:+".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add((c.ToString(), c.ToString(), i));
                i++;
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '-' || c > 127)
            {
                var start = i;
                if (c == '-')
                {
                    i++; // a negative numeral
                }

                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '.' || s[i] > 127))
                {
                    i++;
                }

                if (i == start || (c == '-' && i == start + 1))
                {
                    throw new FormatException($"DOT parse error at offset {i}: unexpected '{c}'");
                }

                tokens.Add(("id", s[start..i], start));
            }
            else
            {
                throw new FormatException($"DOT parse error at offset {i}: unexpected '{c}'");
            }
        }

        return tokens;
    }
}
