using System.Text.Json;
using Dept.Core.Reports;

namespace Dept.Core.Snapshots;

/// <summary>
/// Writes a <see cref="DeptDocument"/> through one <see cref="Utf8JsonWriter"/> over the output stream (#12): the
/// bulk (classes and dependencies) by hand, the small parts (reports, counters, hangs, unmodelled calls) by the
/// serializer into the same writer. The bytes are exactly the serializer's (same property order, indentation,
/// escaping, null fields left out; <c>DocumentWriterTests</c> hold it to that), at a fraction of its cost.
/// </summary>
internal static class DocumentWriter
{
    // Flushed to the stream whenever this much is pending: no whole-document buffer.
    private const int FlushBytes = 64 * 1024;

    public static void Write(DeptDocument document, Stream stream, JsonSerializerOptions options)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = options.WriteIndented, Encoder = options.Encoder });
        writer.WriteStartObject();
        Text(writer, "schema"u8, document.Schema);
        WriteEnum(writer, "mode"u8, document.Mode, options);
        Text(writer, "tool"u8, document.Tool);
        if (document.Source is { } source)
        {
            writer.WriteString("source"u8, source);
        }

        writer.WriteString("createdAt"u8, document.CreatedAt);

        // Every reference the serializer would leave out when null (WhenWritingNull) is left out here too.
        if (document.Classes is not null)
        {
            writer.WriteStartArray("classes"u8);
            var eventTypes = new Dictionary<Classes.DeptEventType, string>();
            foreach (var c in document.Classes)
            {
                if (c is null)
                {
                    writer.WriteNullValue();
                    continue;
                }

                writer.WriteStartObject();
                Text(writer, "id"u8, c.Id);
                Text(writer, "name"u8, c.Name);
                writer.WriteNumber("subId"u8, c.SubId);
                if (!eventTypes.TryGetValue(c.EventType, out var eventType))
                {
                    eventType = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(c.EventType, options))!;
                    eventTypes.Add(c.EventType, eventType);
                }

                writer.WriteString("eventType"u8, eventType);
                writer.WriteBoolean("isCallSite"u8, c.IsCallSite);
                writer.WriteEndObject();
                FlushSometimes(writer);
            }

            writer.WriteEndArray();
        }

        if (document.Dependencies is not null)
        {
            writer.WriteStartArray("dependencies"u8);
            foreach (var d in document.Dependencies)
            {
                if (d is null)
                {
                    writer.WriteNullValue();
                    continue;
                }

                writer.WriteStartObject();
                Text(writer, "from"u8, d.From);
                Text(writer, "to"u8, d.To);
                writer.WriteBoolean("timeout"u8, d.Timeout);
                writer.WriteBoolean("implicit"u8, d.Implicit);
                if (d.Context is { } context)
                {
                    writer.WritePropertyName("context"u8);
                    WriteContext(writer, context);
                }

                writer.WriteString("firstSeen"u8, d.FirstSeen);
                writer.WriteEndObject();
                FlushSometimes(writer);
            }

            writer.WriteEndArray();
        }

        Serialized(writer, "reports"u8, document.Reports, options);
        Serialized(writer, "stats"u8, document.Stats, options);
        Serialized(writer, "hangs"u8, document.Hangs, options);
        Serialized(writer, "uninstrumented"u8, document.Uninstrumented, options);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteContext(Utf8JsonWriter writer, DeptReportContext context)
    {
        writer.WriteStartObject();
        Text(writer, "name"u8, context.Name);
        if (context.Start is { } startPoint)
        {
            writer.WritePropertyName("start"u8);
            WritePoint(writer, startPoint);
        }

        if (context.Wait is { } waitPoint)
        {
            writer.WritePropertyName("wait"u8);
            WritePoint(writer, waitPoint);
        }

        if (context.Event is { } eventPoint)
        {
            writer.WritePropertyName("event"u8);
            WritePoint(writer, eventPoint);
        }

        writer.WriteBoolean("timeout"u8, context.Timeout);
        if (context.Thread is { } thread)
        {
            writer.WriteString("thread"u8, thread);
        }

        writer.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter writer, DeptReportPoint point)
    {
        writer.WriteStartObject();
        Text(writer, "function"u8, point.Function);
        Text(writer, "classId"u8, point.ClassId);
        Text(writer, "className"u8, point.ClassName);
        writer.WriteNumber("subId"u8, point.SubId);
        if (point.Location is { } location)
        {
            writer.WriteStartObject("location"u8);
            if (location.Member is { } member)
            {
                writer.WriteString("member"u8, member);
            }

            if (location.File is { } file)
            {
                writer.WriteString("file"u8, file);
            }

            writer.WriteNumber("line"u8, location.Line);
            writer.WriteNumber("ilOffset"u8, location.IlOffset);
            writer.WriteEndObject();
        }

        if (point.Stack is { } stack)
        {
            writer.WriteStartArray("stack"u8);
            foreach (var frame in stack)
            {
                writer.WriteStringValue(frame);
            }

            writer.WriteEndArray();
        }

        if (point.Note is { } note)
        {
            writer.WriteString("note"u8, note);
        }

        writer.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Serialized<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T? value, JsonSerializerOptions options)
        where T : class
    {
        if (value is not null)
        {
            writer.WritePropertyName(name);
            JsonSerializer.Serialize(writer, value, options);
        }
    }

    private static void WriteEnum<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, T value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, options);
    }

    private static void FlushSometimes(Utf8JsonWriter writer)
    {
        if (writer.BytesPending >= FlushBytes)
        {
            writer.Flush();
        }
    }
}
