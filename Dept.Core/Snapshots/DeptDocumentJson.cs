using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dept.Core.Snapshots;

/// <summary>Writes and reads <see cref="DeptDocument"/> as JSON (schema <see cref="DeptDocument.CurrentSchema"/>).</summary>
/// <remarks>Thread-safe.</remarks>
public static class DeptDocumentJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Serializes a document.</summary>
    public static string ToJson(DeptDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, s_options);
    }

    /// <summary>Writes a document to a file atomically: a reader never sees half a file.</summary>
    public static void WriteFile(DeptDocument document, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temp, ToJson(document));
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Reads a document from a file.</summary>
    /// <exception cref="DeptDocumentException">The file is missing, unreadable, malformed, of another schema or inconsistent.</exception>
    public static DeptDocument ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeptDocumentException($"{path}: cannot read the report file: {ex.Message}", ex);
        }

        try
        {
            return Parse(text);
        }
        catch (DeptDocumentException ex)
        {
            throw new DeptDocumentException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Parses a document.</summary>
    /// <exception cref="DeptDocumentException">The text is malformed, of another schema or inconsistent.</exception>
    public static DeptDocument Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new DeptDocumentException("the report is empty; expected a JSON object with \"schema\": \"" + DeptDocument.CurrentSchema + "\".");
        }

        CheckSchema(json);
        DeptDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<DeptDocument>(json, s_options);
        }
        catch (JsonException ex)
        {
            throw new DeptDocumentException($"invalid field {ex.Path ?? "$"} (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}", ex);
        }

        if (document is null)
        {
            throw new DeptDocumentException("the report is JSON null; expected an object.");
        }

        Validate(document);
        return document;
    }

    private static void CheckSchema(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new DeptDocumentException($"the report is a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}; expected an object.");
            }

            if (!doc.RootElement.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String)
            {
                throw new DeptDocumentException("not a Dept report: the \"schema\" field is missing (expected \"" + DeptDocument.CurrentSchema + "\").");
            }

            var value = schema.GetString();
            if (value is null || !DeptDocument.ReadableSchemas.Contains(value))
            {
                throw new DeptDocumentException(value?.StartsWith("dept.report/", StringComparison.Ordinal) == true
                    ? $"report schema version \"{value}\" is not supported; this Dept reads {Readable}."
                    : $"not a Dept report: schema is \"{value}\", expected \"{DeptDocument.CurrentSchema}\".");
            }
        }
        catch (JsonException ex)
        {
            throw new DeptDocumentException($"not valid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}", ex);
        }
    }

    private static string Readable => string.Join(" and ", DeptDocument.ReadableSchemas.Select(static s => "\"" + s + "\""));

    private static void Validate(DeptDocument document)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Classes.Count; i++)
        {
            var c = document.Classes[i] ?? throw new DeptDocumentException($"classes[{i}] is null.");
            if (string.IsNullOrEmpty(c.Id) || string.IsNullOrEmpty(c.Name))
            {
                throw new DeptDocumentException($"classes[{i}] needs a non-empty \"id\" and \"name\".");
            }

            if (!ids.Add(c.Id))
            {
                throw new DeptDocumentException($"classes[{i}] repeats the class id \"{c.Id}\".");
            }
        }

        for (var i = 0; i < document.Dependencies.Count; i++)
        {
            var d = document.Dependencies[i] ?? throw new DeptDocumentException($"dependencies[{i}] is null.");
            if (!ids.Contains(d.From) || !ids.Contains(d.To))
            {
                throw new DeptDocumentException($"dependencies[{i}] refers to an unknown class \"{(ids.Contains(d.From) ? d.To : d.From)}\".");
            }
        }

        for (var i = 0; i < document.Reports.Count; i++)
        {
            var r = document.Reports[i];
            if (r is null || r.Contexts is null || r.Contexts.Count == 0 || string.IsNullOrEmpty(r.Fingerprint))
            {
                throw new DeptDocumentException($"reports[{i}] needs a \"fingerprint\" and at least one context.");
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }
}
