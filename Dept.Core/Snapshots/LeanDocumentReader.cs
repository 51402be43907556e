using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Dept.Core.Classes;
using Dept.Core.Dumps;
using Dept.Core.Reports;

namespace Dept.Core.Snapshots;

/// <summary>
/// The fast path of <see cref="DeptDocumentJson"/> (#12): reads the bulk of a report (classes and dependencies) by hand
/// from the token stream, interning repeated strings and source locations, and optionally skipping the dependencies'
/// stacks; the small parts (reports, counters, hangs, unmodelled calls) are bound by the serializer itself.
/// </summary>
/// <remarks>
/// It accepts a strict subset of what the serializer accepts: anything unusual (a duplicate or missing required
/// field, a null, a number that is not an <see cref="int"/>, an enum spelling it does not know) throws, and the caller
/// then reads the same bytes with the full reader, which names the problem exactly as before. A stack it skips is
/// still checked the way the serializer would (an array of valid UTF-8 strings), so it never accepts a file the full
/// reader refuses.
/// </remarks>
internal sealed partial class LeanDocumentReader
{
    // Longer strings are not interned (they are rarely repeated: messages, long generic names).
    private const int MaxInterned = 512;

    private readonly JsonSerializerOptions _options;
    private readonly bool _dependencyStacks;
    private readonly Utf8StringTable _strings = new();
    private readonly Dictionary<(string?, string?, int, int), DeptSourceLocation> _locations = [];
    private readonly Dictionary<string, DeptEventType> _eventTypes = new(StringComparer.Ordinal);
    private readonly char[] _chars = new char[MaxInterned];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LeanDocumentReader(JsonSerializerOptions options, bool dependencyStacks)
    {
        _options = options;
        _dependencyStacks = dependencyStacks;
    }

    /// <summary>Reads a document (not yet validated: the caller runs <see cref="DeptDocumentValidator"/>).</summary>
    /// <exception cref="Exception">Anything: the caller falls back to the full reader for the error.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DeptDocument Read(ReadOnlySpan<byte> utf8, JsonSerializerOptions options, bool dependencyStacks)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var document = new LeanDocumentReader(options, dependencyStacks).Document(ref reader);
        if (reader.Read())
        {
            throw new JsonException("content after the document");
        }

        return document;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DeptDocument Document(ref Utf8JsonReader reader)
    {
        Start(ref reader, JsonTokenType.StartObject);
        var seen = 0;
        var document = new DeptDocument();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "schema"u8, 1, ref seen))
            {
                document = document with { Schema = RequiredString(ref reader) };
            }
            else if (Is(ref reader, "mode"u8, 2, ref seen))
            {
                document = document with { Mode = Bind<DeptDocumentMode>(ref reader) };
            }
            else if (Is(ref reader, "tool"u8, 4, ref seen))
            {
                document = document with { Tool = RequiredString(ref reader) };
            }
            else if (Is(ref reader, "source"u8, 8, ref seen))
            {
                document = document with { Source = OptionalString(ref reader) };
            }
            else if (Is(ref reader, "createdAt"u8, 16, ref seen))
            {
                document = document with { CreatedAt = Date(ref reader) };
            }
            else if (Is(ref reader, "classes"u8, 32, ref seen))
            {
                document = document with { Classes = List(ref reader, static (LeanDocumentReader self, ref Utf8JsonReader r) => self.Class(ref r)) };
            }
            else if (Is(ref reader, "dependencies"u8, 64, ref seen))
            {
                document = document with { Dependencies = Dependencies(ref reader) };
            }
            else if (Is(ref reader, "reports"u8, 128, ref seen))
            {
                document = document with { Reports = Bind<List<DeptReport>>(ref reader) ?? throw Null() };
            }
            else if (Is(ref reader, "stats"u8, 256, ref seen))
            {
                document = document with { Stats = Bind<DeptStats?>(ref reader) };
            }
            else if (Is(ref reader, "hangs"u8, 512, ref seen))
            {
                document = document with { Hangs = Bind<List<DeptHang>>(ref reader) ?? throw Null() };
            }
            else if (Is(ref reader, "uninstrumented"u8, 1024, ref seen))
            {
                document = document with { Uninstrumented = Bind<List<DeptUninstrumentedCall>>(ref reader) ?? throw Null() };
            }
            else
            {
                // The serializer ignores fields it does not know (a newer minor version's additions); so does this.
                reader.Skip();
            }
        }

        return document;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DeptClassInfo Class(ref Utf8JsonReader reader)
    {
        Start(ref reader, JsonTokenType.StartObject);
        string? id = null, name = null;
        int subId = 0, seen = 0;
        var eventType = DeptEventType.Exclusive;
        var isCallSite = false;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "id"u8, 1, ref seen))
            {
                id = RequiredString(ref reader);
            }
            else if (Is(ref reader, "name"u8, 2, ref seen))
            {
                name = RequiredString(ref reader);
            }
            else if (Is(ref reader, "subId"u8, 4, ref seen))
            {
                subId = Int(ref reader);
            }
            else if (Is(ref reader, "eventType"u8, 8, ref seen))
            {
                eventType = EventType(ref reader);
            }
            else if (Is(ref reader, "isCallSite"u8, 16, ref seen))
            {
                isCallSite = Bool(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new DeptClassInfo
        {
            Id = id ?? throw Missing(),
            Name = name ?? throw Missing(),
            SubId = subId,
            EventType = eventType,
            IsCallSite = isCallSite,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DeptDependencyInfo Dependency(ref Utf8JsonReader reader)
    {
        Start(ref reader, JsonTokenType.StartObject);
        string? from = null, to = null;
        DeptReportContext? context = null;
        bool timeout = false, isImplicit = false;
        DateTimeOffset firstSeen = default;
        var seen = 0;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "from"u8, 1, ref seen))
            {
                from = RequiredString(ref reader);
            }
            else if (Is(ref reader, "to"u8, 2, ref seen))
            {
                to = RequiredString(ref reader);
            }
            else if (Is(ref reader, "timeout"u8, 4, ref seen))
            {
                timeout = Bool(ref reader);
            }
            else if (Is(ref reader, "implicit"u8, 8, ref seen))
            {
                isImplicit = Bool(ref reader);
            }
            else if (Is(ref reader, "context"u8, 16, ref seen))
            {
                context = Context(ref reader);
            }
            else if (Is(ref reader, "firstSeen"u8, 32, ref seen))
            {
                firstSeen = Date(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new DeptDependencyInfo
        {
            From = from ?? throw Missing(),
            To = to ?? throw Missing(),
            Timeout = timeout,
            Implicit = isImplicit,
            Context = context ?? throw Missing(),
            FirstSeen = firstSeen,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DeptReportContext Context(ref Utf8JsonReader reader)
    {
        Start(ref reader, JsonTokenType.StartObject);
        string? name = null, thread = null;
        DeptReportPoint? start = null, wait = null, @event = null;
        var timeout = false;
        var seen = 0;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "name"u8, 1, ref seen))
            {
                name = RequiredString(ref reader);
            }
            else if (Is(ref reader, "start"u8, 2, ref seen))
            {
                start = Point(ref reader);
            }
            else if (Is(ref reader, "wait"u8, 4, ref seen))
            {
                wait = Point(ref reader);
            }
            else if (Is(ref reader, "event"u8, 8, ref seen))
            {
                @event = Point(ref reader);
            }
            else if (Is(ref reader, "timeout"u8, 16, ref seen))
            {
                timeout = Bool(ref reader);
            }
            else if (Is(ref reader, "thread"u8, 32, ref seen))
            {
                thread = OptionalString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new DeptReportContext
        {
            Name = name ?? throw Missing(),
            Start = start ?? throw Missing(),
            Wait = wait ?? throw Missing(),
            Event = @event ?? throw Missing(),
            Timeout = timeout,
            Thread = thread,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DeptReportPoint Point(ref Utf8JsonReader reader)
    {
        Start(ref reader, JsonTokenType.StartObject);
        string? function = null, classId = null, className = null, note = null;
        DeptSourceLocation? location = null;
        IReadOnlyList<string> stack = [];
        int subId = 0, seen = 0;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "function"u8, 1, ref seen))
            {
                function = RequiredString(ref reader);
            }
            else if (Is(ref reader, "classId"u8, 2, ref seen))
            {
                classId = RequiredString(ref reader);
            }
            else if (Is(ref reader, "className"u8, 4, ref seen))
            {
                className = RequiredString(ref reader);
            }
            else if (Is(ref reader, "subId"u8, 8, ref seen))
            {
                subId = Int(ref reader);
            }
            else if (Is(ref reader, "location"u8, 16, ref seen))
            {
                location = Location(ref reader);
            }
            else if (Is(ref reader, "stack"u8, 32, ref seen))
            {
                stack = Stack(ref reader);
            }
            else if (Is(ref reader, "note"u8, 64, ref seen))
            {
                note = OptionalString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new DeptReportPoint
        {
            Function = function ?? throw Missing(),
            ClassId = classId ?? throw Missing(),
            ClassName = className ?? throw Missing(),
            SubId = subId,
            Location = location,
            Stack = stack,
            Note = note,
        };
    }

    // Locations repeat (a few call sites make most dependencies): one immutable record per distinct location.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DeptSourceLocation? Location(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject);
        string? member = null, file = null;
        int line = 0, ilOffset = -1, seen = 0;
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "member"u8, 1, ref seen))
            {
                member = OptionalString(ref reader);
            }
            else if (Is(ref reader, "file"u8, 2, ref seen))
            {
                file = OptionalString(ref reader);
            }
            else if (Is(ref reader, "line"u8, 4, ref seen))
            {
                line = Int(ref reader);
            }
            else if (Is(ref reader, "ilOffset"u8, 8, ref seen))
            {
                ilOffset = Int(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        var key = (member, file, line, ilOffset);
        if (!_locations.TryGetValue(key, out var location))
        {
            location = new DeptSourceLocation(member, file, line, ilOffset);
            _locations.Add(key, location);
        }

        return location;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private IReadOnlyList<string> Stack(ref Utf8JsonReader reader)
    {
        Start(ref reader, JsonTokenType.StartArray);
        List<string>? frames = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.String);
            if (_dependencyStacks)
            {
                (frames ??= []).Add(Text(ref reader));
            }
            else if (reader.ValueIsEscaped || reader.HasValueSequence || !Utf8.IsValid(reader.ValueSpan))
            {
                // Skipped, but refused exactly where the serializer's string read would refuse it.
                _ = reader.GetString();
            }
        }

        return frames is null ? [] : frames;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<T> List<T>(ref Utf8JsonReader reader, ElementReader<T> element)
    {
        Start(ref reader, JsonTokenType.StartArray);
        var list = new List<T>();
        while (true)
        {
            // Peek: the element reader expects to read its own first token.
            var peek = reader;
            peek.Read();
            if (peek.TokenType == JsonTokenType.EndArray)
            {
                reader.Read();
                return list;
            }

            list.Add(element(this, ref reader));
        }
    }

    private delegate T ElementReader<T>(LeanDocumentReader self, ref Utf8JsonReader reader);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private T? Bind<T>(ref Utf8JsonReader reader)
    {
        reader.Read();
        return JsonSerializer.Deserialize<T>(ref reader, _options);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DeptEventType EventType(ref Utf8JsonReader reader)
    {
        var copy = reader;
        var text = RequiredString(ref reader);
        if (!_eventTypes.TryGetValue(text, out var value))
        {
            // Spelled as the serializer's enum converter spells it: ask it once per distinct spelling.
            value = JsonSerializer.Deserialize<DeptEventType>(ref copy, _options);
            _eventTypes.Add(text, value);
        }

        return value;
    }
}
