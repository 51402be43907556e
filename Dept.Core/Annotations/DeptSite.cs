using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Dept.Core.Annotations;

/// <summary>
/// A static source location of a wait, event or event-context start: the primitive operation and where it is
/// called from. Sites are created once per call site (the rewriter emits one per rewritten call), so the hot path
/// passes a reference and never captures a stack.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class DeptSite
{
    private static readonly ConcurrentDictionary<(string Function, string File, int Line), DeptSite> s_here = new();
    private static readonly object s_gate = new();
    private static DeptSite?[] s_byId = new DeptSite?[256];
    private static int s_nextId;

    private DeptSite(string function, string? receiver, string? member, string? file, int line, int ilOffset, string? qualifier = null)
    {
        Function = function;
        Receiver = string.IsNullOrEmpty(receiver) ? null : receiver;
        Member = member;
        File = string.IsNullOrEmpty(file) ? null : file;
        Line = line;
        IlOffset = ilOffset;
        Qualifier = string.IsNullOrEmpty(qualifier) ? null : qualifier;

        // Registered by id so that the engine's per-thread rings and records keep an int, not a reference (no GC
        // write barrier on the hot path). Sites are static per call site, so the table only grows with the code.
        lock (s_gate)
        {
            Id = ++s_nextId;
            if (Id >= s_byId.Length)
            {
                var grown = new DeptSite?[s_byId.Length * 2];
                Array.Copy(s_byId, grown, s_byId.Length);
                Volatile.Write(ref s_byId, grown);
            }

            Volatile.Write(ref s_byId[Id], this);
        }
    }

    /// <summary>
    /// The class of the lock this call site acquires, per engine: <c>engine id &lt;&lt; 32 | class id</c>, 0 until
    /// first used (the rewriter's per-site static slot: the site object is one <c>static readonly</c> field per call).
    /// Only the instrumentation's lock path, whose class is fixed by the site, uses it. Written racily; a stale or
    /// another engine's value only costs the slow path.
    /// </summary>
    internal long LockClass;

    /// <summary>
    /// For a lock site: <c>engine id &lt;&lt; 32 | class id</c> of a class whose edge to this site's lock class is known,
    /// so the acquire fast path skips the edge table when the lock held around it is that class (the common case: a
    /// nested lock is taken inside one outer class). Written once per engine, the first known edge seen here.
    /// </summary>
    internal long KnownFrom;

    /// <summary>
    /// For a release site: <c>engine id &lt;&lt; 32 | class id</c> of a class whose event site (the [E] of reports) is
    /// already recorded, so the release fast path skips the class lookup. Written once per engine (the first class
    /// released here), never on every release: a site shared by threads must not become a written cache line.
    /// </summary>
    internal long EventNoted;

    /// <summary>
    /// For a custom lock's acquire site (the annotation API's inlined path, whose class comes from the key, not the
    /// site): <c>engine id &lt;&lt; 32 | class id</c> of the first class acquired here, written once per engine.
    /// </summary>
    internal long KeyedClass;

    /// <summary>
    /// With <see cref="KeyedClass"/>: <c>engine id &lt;&lt; 32 | class id</c> of a class whose edge into that class is known,
    /// written once per engine, so the usual outer class skips the edge table (as <see cref="KnownFrom"/> on the lock path).
    /// </summary>
    internal long KeyedFrom;

    /// <summary>The key of the lock this call site acquires, bound once by the instrumentation (a pure function of the site).</summary>
    internal DeptKey? LockKey;

    /// <summary>Gets the primitive operation, e.g. <c>Monitor.Enter</c> or <c>Fence.Wait</c>.</summary>
    public string Function { get; }

    /// <summary>
    /// Gets the field the operation's object was loaded from, e.g. <c>Orders.Account._sync</c> for
    /// <c>lock (_sync)</c>, when the rewriter could tell; otherwise <see langword="null"/>. Instrumentation classes a
    /// lock by this field (every site using the field shares the class) and a site without one by its location.
    /// </summary>
    public string? Receiver { get; }

    /// <summary>Gets the calling method's full name, when known.</summary>
    public string? Member { get; }

    /// <summary>Gets the source file path, when known.</summary>
    public string? File { get; }

    /// <summary>Gets the 1-based source line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>Gets the IL offset of the call in <see cref="Member"/>, or -1 when unknown.</summary>
    public int IlOffset { get; }

    /// <summary>
    /// Gets what tells this call site from other calls of the same operation that would otherwise share its name
    /// (the same source line, or the same method when there is no line): <c>:17</c>, its column, or <c>#2</c>, its
    /// order among them when columns cannot tell them apart; <see langword="null"/> when it is the only one. The
    /// rewriter derives it from the assembly alone (sequence points, IL order), so it is the same in every run of a
    /// build. Instrumentation appends it to a call-site class name: <c>Monitor.Enter@Account.cs:41:17</c>.
    /// </summary>
    public string? Qualifier { get; }

    /// <summary>Gets a process-unique id of this site.</summary>
    public int Id { get; }

    /// <summary>Returns the site with this <see cref="Id"/>; 0 or an unknown id gives <see langword="null"/>.</summary>
    internal static DeptSite? FromId(int id)
    {
        var sites = Volatile.Read(ref s_byId);
        return (uint)id < (uint)sites.Length ? Volatile.Read(ref sites[id]) : null;
    }

    /// <summary>Gets "File.cs:41" (file name only), or <see langword="null"/> when the file is unknown.</summary>
    public string? ShortLocation => File is null ? null : $"{Path.GetFileName(File)}:{Line}";

    /// <summary>Creates a site. Callers keep it in a static field: creating one per operation defeats its purpose.</summary>
    /// <param name="function">The primitive operation, e.g. <c>Monitor.Enter</c>.</param>
    /// <param name="member">The calling method.</param>
    /// <param name="file">The source file.</param>
    /// <param name="line">The source line.</param>
    /// <param name="ilOffset">The IL offset of the call, or -1.</param>
    public static DeptSite Create(string function, string? member, string? file, int line, int ilOffset = -1)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        return new DeptSite(function, null, member, file, line, ilOffset);
    }

    /// <summary>
    /// Creates a site whose operation works on the object loaded from <paramref name="receiver"/>. The rewriter emits
    /// this one for every rewritten call site; keep the result in a static field.
    /// </summary>
    /// <param name="function">The primitive operation, e.g. <c>Monitor.Enter</c>.</param>
    /// <param name="receiver">The field the object came from, e.g. <c>Orders.Account._sync</c>, or <see langword="null"/>.</param>
    /// <param name="member">The calling method.</param>
    /// <param name="file">The source file.</param>
    /// <param name="line">The source line.</param>
    /// <param name="ilOffset">The IL offset of the call, or -1.</param>
    public static DeptSite Create(string function, string? receiver, string? member, string? file, int line, int ilOffset)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        return new DeptSite(function, receiver, member, file, line, ilOffset);
    }

    /// <summary>
    /// Creates a site that shares its line (or, without a line, its method) with other calls of the same operation;
    /// <paramref name="qualifier"/> tells them apart (see <see cref="Qualifier"/>). The rewriter emits this one for
    /// such call sites; keep the result in a static field.
    /// </summary>
    /// <param name="function">The primitive operation, e.g. <c>Monitor.Enter</c>.</param>
    /// <param name="receiver">The field the object came from, or <see langword="null"/>.</param>
    /// <param name="member">The calling method.</param>
    /// <param name="file">The source file.</param>
    /// <param name="line">The source line.</param>
    /// <param name="ilOffset">The IL offset of the call, or -1.</param>
    /// <param name="qualifier">The column (<c>:17</c>) or order (<c>#2</c>) of the call among those sharing its name.</param>
    public static DeptSite Create(string function, string? receiver, string? member, string? file, int line, int ilOffset, string? qualifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        return new DeptSite(function, receiver, member, file, line, ilOffset, qualifier);
    }

    /// <summary>
    /// Returns the site of the caller, cached per (function, file, line). Convenient for annotations; costs a
    /// dictionary lookup, so hot primitives should keep <see cref="Create(string, string?, string?, int, int)"/>'s result in a static field instead.
    /// </summary>
    public static DeptSite Here(
        string function,
        [CallerMemberName] string member = "",
        [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0)
        => s_here.GetOrAdd((function, file, line), static (k, m) => new DeptSite(k.Function, null, m, k.File, k.Line, -1), member);

    /// <summary>Returns "Function(Receiver) at Member (File.cs:41)".</summary>
    public override string ToString()
    {
        var where = ShortLocation is { } loc ? $" ({loc})" : string.Empty;
        var operation = Receiver is null ? Function : $"{Function}({Receiver})";
        return Member is null ? operation + where : $"{operation} at {Member}{where}";
    }
}
