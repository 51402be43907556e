using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dept.Core.Files;

namespace Dept.Core.Snapshots;

/// <summary>Writes and reads <see cref="DeptDocument"/> as JSON (schema <see cref="DeptDocument.CurrentSchema"/>).</summary>
/// <remarks>
/// Thread-safe. Reading is forward-only over the file's UTF-8 bytes (no intermediate string or DOM, #12), through
/// <see cref="LeanDocumentReader"/> (interned strings and locations) with the serializer as the fallback, and
/// validates everything (#13): a <c>null</c>, a missing required field, a wrong type, an unknown or malformed class id
/// all fail with a one-line <see cref="DeptDocumentException"/> naming the JSON path, e.g.
/// <c>$.reports[0].contexts[1].start.classId</c>.
/// </remarks>
public static class DeptDocumentJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // A null where the model says "never null" is a JsonException with its path, not a NullReferenceException later.
        // (Constructor parameters are not made required: optional ones such as a location's file are left out when null.)
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Serializes a document.</summary>
    public static string ToJson(DeptDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var buffer = new MemoryStream();
        DocumentWriter.Write(document, buffer, s_options);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Serializes a document into <paramref name="stream"/> as UTF-8, without building it as a string first (<see cref="DocumentWriter"/>).</summary>
    public static void Write(DeptDocument document, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(stream);
        DocumentWriter.Write(document, stream, s_options);
    }

    /// <summary>
    /// Writes a document to a file atomically (a reader never sees half a file), through Dept's one output path:
    /// a symbolic link, device or read-only file at <paramref name="path"/> is refused, not replaced.
    /// </summary>
    /// <exception cref="FileRefusedException">The target may not be replaced.</exception>
    public static void WriteFile(DeptDocument document, string path) => WriteFile(document, path, durable: true);

    /// <summary><see cref="WriteFile(DeptDocument, string)"/>, without the flush to disk when not <paramref name="durable"/> (<see cref="OutputFile.Write"/>).</summary>
    internal static void WriteFile(DeptDocument document, string path, bool durable)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        OutputFile.Write(full, s => Write(document, s), durable: durable);
    }

    /// <summary>Reads a document from a file (a regular file no larger than <c>DEPT_MAX_REPORT_BYTES</c>, default 2 GiB).</summary>
    /// <exception cref="DeptDocumentException">
    /// The file is missing, not a regular file, too large, unreadable, malformed, of another schema or inconsistent;
    /// the one-line message starts with <paramref name="path"/>.
    /// </exception>
    public static DeptDocument ReadFile(string path, long? maxBytes = null) => ReadFile(path, maxBytes, dependencyStacks: true);

    /// <summary>
    /// <see cref="ReadFile(string, long?)"/> for commands that never look at a dependency's stacks (<c>dept export</c>,
    /// <c>view</c>, <c>stats</c>, #12): they are checked but not kept (every dependency's points have an empty stack).
    /// </summary>
    internal static DeptDocument ReadFileWithoutDependencyStacks(string path) => ReadFile(path, null, dependencyStacks: false);

    private static DeptDocument ReadFile(string path, long? maxBytes, bool dependencyStacks)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = InputFile.Open(path, maxBytes ?? InputFile.MaxBytes());
            return Read(stream, dependencyStacks);
        }
        catch (FileRefusedException ex)
        {
            throw new DeptDocumentException(ex.Message.StartsWith(path, StringComparison.Ordinal) ? ex.Message : $"{path}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeptDocumentException($"{path}: cannot read the report file: {ex.Message}", ex);
        }
        catch (DeptDocumentException ex)
        {
            throw new DeptDocumentException($"{path}: {ex.Message}", ex);
        }
    }

    // The whole file is read into one buffer and parsed by the lean reader (#12: most of a read was building millions
    // of objects and strings through the serializer; the lean reader interns them). Peak memory: the file's bytes
    // once plus the document, which is smaller than the serializer's document alone.
    private static DeptDocument Read(FileStream stream, bool dependencyStacks)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)stream.Length));
        stream.ReadExactly(bytes);
        // A second processor reads the second half of the dependencies; with one, a split would only add a scan.
        return Parse(bytes, dependencyStacks, Environment.ProcessorCount > 1 ? LeanDocumentReader.DefaultSplitBytes : int.MaxValue);
    }

    /// <summary>
    /// <see cref="Parse(ReadOnlySpan{byte}, bool)"/> of bytes the lean reader may share with a second thread: a
    /// dependency array longer than <paramref name="splitBytes"/> is read in two halves at once (#12).
    /// </summary>
    internal static DeptDocument Parse(ReadOnlyMemory<byte> utf8, bool dependencyStacks, int splitBytes, bool queueHalf = true)
    {
        var span = Checked(utf8.Span);
        utf8 = utf8[(utf8.Length - span.Length)..];
        try
        {
            var lean = LeanDocumentReader.Read(utf8, s_options, dependencyStacks, splitBytes, queueHalf);
            DeptDocumentValidator.Validate(lean);
            return lean;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // As below: the serializer's reading decides.
        }

        return WithSerializer(span);
    }

    /// <summary>Parses a document.</summary>
    /// <exception cref="DeptDocumentException">The text is malformed, of another schema or inconsistent.</exception>
    public static DeptDocument Parse(string json) => Parse(Encoding.UTF8.GetBytes(json ?? string.Empty));

    /// <summary>Parses a document from its UTF-8 bytes.</summary>
    /// <exception cref="DeptDocumentException">The bytes are malformed, of another schema or inconsistent.</exception>
    public static DeptDocument Parse(ReadOnlySpan<byte> utf8) => Parse(utf8, dependencyStacks: true);

    /// <summary>
    /// Parses through <see cref="LeanDocumentReader"/> first; whatever it does not take (bad input, or a valid
    /// spelling it does not follow, such as a field named twice) is parsed by the serializer, which names the problem.
    /// </summary>
    internal static DeptDocument Parse(ReadOnlySpan<byte> utf8, bool dependencyStacks)
    {
        utf8 = Checked(utf8);
        try
        {
            var lean = LeanDocumentReader.Read(utf8, s_options, dependencyStacks);
            DeptDocumentValidator.Validate(lean);
            return lean;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Bad input (or a reader bug): never reported from here; the serializer's reading decides.
        }

        return WithSerializer(utf8);
    }

    /// <summary>The serializer-only reading (what <see cref="Parse(ReadOnlySpan{byte})"/> was before #12): the tests' reference.</summary>
    internal static DeptDocument ParseWithSerializer(ReadOnlySpan<byte> utf8) => WithSerializer(Checked(utf8));

    // A byte order mark is skipped; empty input, another schema or no JSON object at all is refused before any binding.
    private static ReadOnlySpan<byte> Checked(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new DeptDocumentException("the report is empty; expected a JSON object with \"schema\": \"" + DeptDocument.CurrentSchema + "\".");
        }

        CheckSchema(utf8);
        return utf8;
    }

    /// <summary>The serializer-only writing (what <see cref="Write"/> was before #12): the tests' reference.</summary>
    internal static string ToJsonWithSerializer(DeptDocument document) => JsonSerializer.Serialize(document, s_options);

    private static DeptDocument WithSerializer(ReadOnlySpan<byte> utf8)
    {
        DeptDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<DeptDocument>(utf8, s_options);
        }
        catch (Exception ex) when (BadInput(ex) is { } bad)
        {
            throw bad;
        }

        return Validated(document);
    }

    // The serializer's failures on bad input, as one-line DeptDocumentExceptions naming the JSON path; null for others.
    private static DeptDocumentException? BadInput(Exception ex) => ex switch
    {
        JsonException j => new DeptDocumentException($"invalid field {j.Path ?? "$"} (line {j.LineNumber + 1}, position {j.BytePositionInLine + 1}): {Text.TerminalText.Clean(FirstSentence(j.Message))}", j),
        // The serializer's other failures on bad input (e.g. a value a converter rejects) are still bad input.
        NotSupportedException or InvalidOperationException or ArgumentException or OverflowException or FormatException
            => new DeptDocumentException($"$: {Text.TerminalText.Clean(FirstSentence(ex.Message))}", ex),
        _ => null,
    };

    private static DeptDocument Validated(DeptDocument? document)
    {
        DeptDocumentValidator.Validate(document ?? throw new DeptDocumentException("$: the report is JSON null; expected an object."));
        return document;
    }

    // Forward-only scan of the top level for "schema" before binding anything: a file of another tool (or another
    // version) gets "not a Dept report" rather than a complaint about its first unknown field.
    private static void CheckSchema(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        string? value = null;
        var found = false;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new DeptDocumentException($"$: the report is a JSON {Describe(reader.TokenType)}; expected an object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSchema = reader.ValueTextEquals("schema"u8);
                reader.Read();
                if (isSchema && !found)
                {
                    found = true;
                    value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
                }

                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            throw new DeptDocumentException($"not valid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Found by the fuzz tests: a schema string with bytes that are not UTF-8.
            throw new DeptDocumentException($"$.schema: not valid UTF-8 text: {FirstSentence(ex.Message)}", ex);
        }

        CheckSchemaValue(value);
    }

    private static void CheckSchemaValue(string? value)
    {
        if (value is null)
        {
            throw new DeptDocumentException("$.schema: not a Dept report: the \"schema\" field is missing or not a string (expected \"" + DeptDocument.CurrentSchema + "\").");
        }

        if (!DeptDocument.ReadableSchemas.Contains(value))
        {
            var shown = Text.TerminalText.Clean(value.Length > 80 ? value[..80] + "..." : value);
            throw new DeptDocumentException(value.StartsWith("dept.report/", StringComparison.Ordinal)
                ? $"report schema version \"{shown}\" is not supported; this Dept reads {Readable}."
                : $"not a Dept report: schema is \"{shown}\", expected \"{DeptDocument.CurrentSchema}\".");
        }
    }

    private static string Readable => string.Join(" and ", DeptDocument.ReadableSchemas.Select(static s => "\"" + s + "\""));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };

    private static string FirstSentence(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        var cut = line.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? line : line[..(cut + 1)];
    }
}
