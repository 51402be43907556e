using System.Text.Json;

namespace Dept.Viewer.Model;

/// <summary>
/// Writes the viewer's JSON shapes (schema <c>dept.graph/1</c>, docs/reference/exports.md). The page, the JSON API
/// and the JSON export share these writers, so they cannot drift apart.
/// </summary>
internal static class GraphJson
{
    /// <summary>The schema name written into every graph document.</summary>
    public const string Schema = "dept.graph/1";

    /// <summary>Writes the whole graph as one document.</summary>
    public static void Write(ViewGraph graph, Stream output, bool indented)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented });
        w.WriteStartObject();
        w.WriteString("schema", Schema);
        w.WritePropertyName("info");
        WriteInfo(w, graph);
        w.WriteStartArray("classes");
        foreach (var c in graph.Classes)
        {
            WriteClass(w, graph, c);
        }

        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var e in graph.Edges)
        {
            WriteEdge(w, e);
        }

        w.WriteEndArray();
        w.WriteStartArray("reports");
        foreach (var r in graph.Reports)
        {
            WriteReport(w, r);
        }

        w.WriteEndArray();
        w.WriteStartArray("hangs");
        foreach (var h in graph.Hangs)
        {
            WriteHang(w, h);
        }

        w.WriteEndArray();
        w.WriteStartArray("stats");
        foreach (var s in graph.Stats)
        {
            WriteStat(w, s);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Snapshot metadata and sizes.</summary>
    public static void WriteInfo(Utf8JsonWriter w, ViewGraph graph)
    {
        w.WriteStartObject();
        w.WriteString("source", graph.Info.Source);
        w.WriteString("mode", graph.Info.Mode);
        w.WriteNumber("revision", graph.Info.Revision);
        w.WriteBoolean("live", graph.Info.Live);
        w.WriteString("capturedAt", graph.Info.CapturedAt);
        w.WriteNumber("classCount", graph.Classes.Count);
        w.WriteNumber("edgeCount", graph.Edges.Count);
        w.WriteNumber("reportCount", graph.Reports.Count);
        w.WriteNumber("hangCount", graph.Hangs.Count);
        w.WriteEndObject();
    }

    /// <summary>One class with its degree.</summary>
    public static void WriteClass(Utf8JsonWriter w, ViewGraph graph, ViewClass c)
    {
        w.WriteStartObject();
        w.WriteNumber("id", c.Id);
        w.WriteString("name", c.Name);
        w.WriteString("stableId", c.StableId);
        w.WriteString("namespace", c.Namespace);
        w.WriteBoolean("callSite", c.IsCallSite);
        w.WriteNumber("subclass", c.Subclass);
        w.WriteBoolean("inCycle", c.InCycle);
        w.WriteNumber("dependsOnCount", graph.OutEdges(c.Id).Length);
        w.WriteNumber("dependedOnByCount", graph.InEdges(c.Id).Length);
        w.WriteEndObject();
    }

    /// <summary>One dependency: <c>from</c> depends on <c>to</c>.</summary>
    public static void WriteEdge(Utf8JsonWriter w, ViewEdge e)
    {
        w.WriteStartObject();
        w.WriteNumber("from", e.From);
        w.WriteNumber("to", e.To);
        w.WriteBoolean("timeout", e.Timeout);
        if (e.Wait is not null)
        {
            w.WriteString("wait", e.Wait);
        }

        if (e.Event is not null)
        {
            w.WriteString("event", e.Event);
        }

        w.WriteEndObject();
    }

    /// <summary>One report with its cycle and context blocks.</summary>
    public static void WriteReport(Utf8JsonWriter w, ViewReport r)
    {
        w.WriteStartObject();
        w.WriteNumber("index", r.Index);
        w.WriteString("kind", r.Kind);
        w.WriteString("fingerprint", r.Fingerprint);
        w.WriteBoolean("timeoutBounded", r.IsTimeoutBounded);
        w.WriteBoolean("unreachable", r.IsUnreachable);
        if (r.Reason is not null)
        {
            w.WriteString("reason", r.Reason);
            w.WriteStartArray("classes");
            foreach (var id in r.Classes ?? [])
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("cycle");
        foreach (var id in r.Cycle)
        {
            w.WriteNumberValue(id);
        }

        w.WriteEndArray();
        w.WriteStartArray("contexts");
        foreach (var c in r.Contexts)
        {
            w.WriteStartObject();
            w.WriteString("label", c.Label);
            w.WriteBoolean("timeout", c.Timeout);
            if (c.Thread is not null)
            {
                w.WriteString("thread", c.Thread);
            }

            WritePoint(w, "start", c.Start);
            WritePoint(w, "wait", c.Wait);
            WritePoint(w, "event", c.Event);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("text", r.Text);
        w.WriteEndObject();
    }

    /// <summary>One hang; <c>waitedMs</c> is whole milliseconds, <c>owner</c> null when unknown.</summary>
    public static void WriteHang(Utf8JsonWriter w, ViewHang h)
    {
        w.WriteStartObject();
        w.WriteString("thread", h.Thread);
        w.WriteString("waitingOn", h.WaitingOn);
        if (h.Owner is null)
        {
            w.WriteNull("owner");
        }
        else
        {
            w.WriteString("owner", h.Owner);
        }

        w.WriteNumber("waitedMs", (long)Math.Round(h.Waited.TotalMilliseconds, MidpointRounding.AwayFromZero));
        w.WriteStartArray("stack");
        foreach (var frame in h.Stack)
        {
            w.WriteStringValue(frame);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One counter.</summary>
    public static void WriteStat(Utf8JsonWriter w, ViewStat s)
    {
        w.WriteStartObject();
        w.WriteString("name", s.Name);
        w.WriteNumber("value", s.Value);
        w.WriteString("description", s.Description);
        w.WriteBoolean("counter", s.IsCounter);
        w.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter w, string name, ViewPoint p)
    {
        w.WriteStartObject(name);
        w.WriteString("tag", p.Tag);
        w.WriteString("function", p.Function);
        w.WriteString("class", p.ClassName);
        if (p.Location is null)
        {
            w.WriteNull("location");
        }
        else
        {
            w.WriteString("location", p.Location);
        }

        if (p.Note is not null)
        {
            w.WriteString("note", p.Note);
        }

        w.WriteStartArray("stack");
        foreach (var frame in p.Stack)
        {
            w.WriteStringValue(frame);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
