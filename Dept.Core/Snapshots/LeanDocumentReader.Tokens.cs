using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Dept.Core.Snapshots;

// The token-level reads of the lean reader: strings (interned), numbers, booleans, dates, and the property loop's
// helpers. Each accepts only the exact token the serializer would; anything else throws so that the caller falls
// back to the full reader, which names the problem.
internal sealed partial class LeanDocumentReader
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string RequiredString(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.String);
        return Text(ref reader);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? OptionalString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.String);
        return Text(ref reader);
    }

    // A string seen before is found by its bytes (they were valid UTF-8 when first added); a new one is decoded by
    // CopyString, which unescapes and validates exactly as GetString does. Escaped and long strings are not interned.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string Text(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxInterned)
        {
            return reader.GetString()!;
        }

        var utf8 = reader.ValueSpan;
        var hash = Utf8StringTable.Hash(utf8);
        if (_strings.Find(utf8, hash) is { } found)
        {
            return found;
        }

        var text = new string(_chars, 0, reader.CopyString(_chars));
        _strings.Add(utf8, hash, text);
        return text;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Int(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.Number);
        return reader.GetInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Bool(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw new JsonException("not a boolean"),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset Date(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.String);
        return reader.TryGetDateTimeOffset(out var value) ? value : throw new JsonException("not a date");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Start(ref Utf8JsonReader reader, JsonTokenType token)
    {
        reader.Read();
        Expect(ref reader, token);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"expected {token}, found {reader.TokenType}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    // A field named twice is left to the serializer's own rule (the full reader).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, int bit, ref int seen)
    {
        if (!reader.ValueTextEquals(name))
        {
            return false;
        }

        if ((seen & bit) != 0)
        {
            throw new JsonException("a field named twice");
        }

        seen |= bit;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static JsonException Missing() => new("a required field is missing");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static JsonException Null() => new("null list");
}
