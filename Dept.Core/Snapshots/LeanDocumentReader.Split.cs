using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Dept.Core.Snapshots;

// The dependency array read in two halves at once (#12): on a 100k-class report it is nine tenths of the bytes, and
// the CLI has a second core with nothing to do. The split is a guess from a byte scan (a '}' followed by ',' and '{',
// which is also what a string or a nested array may contain), confirmed only when the in-order read of the first half
// stops exactly there after a whole element of this array; anything else drops the second half's work and reads on
// in order, so the result is always the in-order read's.
internal sealed partial class LeanDocumentReader
{
    /// <summary>Below this many bytes after the array's start, the array is read in order (the split costs a thread).</summary>
    public const int DefaultSplitBytes = 16 << 20;

    // How far a scan looks for a boundary before giving up (an element is a few hundred bytes; a stack a few KiB).
    private const int MaxBoundaryScan = 1 << 20;

    private ReadOnlyMemory<byte> _memory;
    private int _splitBytes = int.MaxValue;
    private bool _queueHalf = true;

    /// <summary>Gets how many dependency arrays were read in two halves (tests: the split path is taken).</summary>
    internal static long SplitReads => Interlocked.Read(ref s_splitReads);

    private static long s_splitReads;

    /// <summary>
    /// <see cref="Read(ReadOnlySpan{byte}, JsonSerializerOptions, bool)"/> over bytes another thread may read too: a
    /// dependency array longer than <paramref name="splitBytes"/> is read in two halves on two threads (the caller
    /// decides whether a second processor is there; on one the halves are read in order by the caller anyway).
    /// </summary>
    /// <param name="utf8">The document's bytes.</param>
    /// <param name="options">The serializer options of the parts bound by the serializer.</param>
    /// <param name="dependencyStacks">Whether the dependencies' stacks are kept.</param>
    /// <param name="splitBytes">The array length from which it is read in two halves.</param>
    /// <param name="queueHalf">False only in tests: the second half is never given to the pool, as on a pool that never runs it.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DeptDocument Read(ReadOnlyMemory<byte> utf8, JsonSerializerOptions options, bool dependencyStacks, int splitBytes = DefaultSplitBytes, bool queueHalf = true)
    {
        var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var lean = new LeanDocumentReader(options, dependencyStacks)
        {
            _memory = utf8,
            _splitBytes = splitBytes,
            _queueHalf = queueHalf,
        };
        var document = lean.Document(ref reader);
        if (reader.Read())
        {
            throw new JsonException("content after the document");
        }

        return document;
    }

    /// <summary>The state of a reader just after an element of an array that is a property of the root object.</summary>
    internal static JsonReaderState AfterAnElement()
    {
        var reader = new Utf8JsonReader("{\"d\":[{}"u8, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow }));
        while (reader.Read())
        {
        }

        return reader.CurrentState;
    }

    /// <summary>One dependency, for a <see cref="DependencyHalf"/> (its own reader: its own string table).</summary>
    internal DeptDependencyInfo ReadDependency(ref Utf8JsonReader reader) => Dependency(ref reader);

    // The reader is absolute over _memory here only while it is the document's first reader (offsets from 0).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<DeptDependencyInfo> Dependencies(ref Utf8JsonReader reader)
    {
        var all = _memory.Span;
        var from = (int)reader.BytesConsumed;
        var boundary = all.Length - from > _splitBytes && reader.CurrentDepth == 1
            ? Boundary(all, from + ((all.Length - from) / 2))
            : -1;
        if (boundary < 0)
        {
            return List(ref reader, static (LeanDocumentReader self, ref Utf8JsonReader r) => self.Dependency(ref r));
        }

        var half = new DependencyHalf(new LeanDocumentReader(_options, _dependencyStacks), _memory, boundary);
        if (_queueHalf)
        {
            half.Queue();
        }

        Start(ref reader, JsonTokenType.StartArray);
        var list = new List<DeptDependencyInfo>();
        var open = true;
        while (true)
        {
            if (open && reader.BytesConsumed >= boundary)
            {
                open = false;
                if (reader.BytesConsumed == boundary && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 2 && list.Count > 0)
                {
                    if (half.TryJoin())
                    {
                        Interlocked.Increment(ref s_splitReads);
                        list.AddRange(half.Elements);
                        reader = new Utf8JsonReader(all[half.End..], isFinalBlock: true, half.State);
                        return list;
                    }
                }
                else
                {
                    half.Abandon();
                }
            }

            var peek = reader;
            peek.Read();
            if (peek.TokenType == JsonTokenType.EndArray)
            {
                half.Abandon();
                reader.Read();
                return list;
            }

            list.Add(Dependency(ref reader));
        }
    }

    // Just after the first '}' at or after start that is followed by ',' and '{' (whitespace between), or -1.
    private static int Boundary(ReadOnlySpan<byte> utf8, int start)
    {
        var end = Math.Min(utf8.Length, start + MaxBoundaryScan);
        for (var i = start; i < end; i++)
        {
            var next = utf8[i..end].IndexOf((byte)'}');
            if (next < 0)
            {
                return -1;
            }

            i += next;
            var j = Skip(utf8, i + 1);
            if (j < utf8.Length && utf8[j] == ',')
            {
                j = Skip(utf8, j + 1);
                if (j < utf8.Length && utf8[j] == '{')
                {
                    return i + 1;
                }
            }
        }

        return -1;
    }

    private static int Skip(ReadOnlySpan<byte> utf8, int i)
    {
        while (i < utf8.Length && utf8[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }
}
