using Dept.Instrumentation.Runtime;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// The generated class of static sites: one <c>static readonly</c> field per rewritten call site whose patch takes
/// <c>__site</c>, created once in the class constructor by <c>DeptSite.Create(function, receiver, member, file, line,
/// ilOffset)</c>. The hot path is one <c>ldsfld</c>: no allocation, no hashing, no stack capture.
/// </summary>
/// <remarks>
/// The constructor is written at <see cref="Complete"/>, once every site of the module is known: patch sites whose
/// call-site class name would be the same (calls of one operation on one source line, or in one method without a
/// PDB) get a qualifier, their column, or their order in the module when columns cannot tell them apart
/// (<c>DeptSite.Create(..., qualifier)</c>), so each call site is its own class. Everything it uses comes from the
/// assembly, so the names are the same in every run.
/// </remarks>
internal sealed class SiteTable
{
    private readonly ModuleDefinition _module;
    private readonly TypeDefinition _type;
    private readonly ILProcessor _cctor;
    private readonly List<Entry> _entries = [];

    public SiteTable(ModuleDefinition module, TypeDefinition type)
    {
        _module = module;
        _type = type;
        var cctor = new MethodDefinition(
            ".cctor",
            MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
            module.TypeSystem.Void);
        type.Methods.Add(cctor);
        _cctor = cctor.Body.GetILProcessor();
    }

    /// <summary>Adds a patch's call site; <paramref name="column"/> (0 when unknown) tells it from others on its line.</summary>
    public FieldReference Add(PatchTarget target, string function, string? receiver, string member, string file, int line, int ilOffset, int column)
        => Add(target.SiteType!, target.SiteFactory!, function, receiver, member, file, line, ilOffset, ClassNames.CallSiteName(function, receiver, member, file, line), column);

    /// <summary>Adds a site of <paramref name="siteType"/> built by <paramref name="factory"/> (uninstrumented-call counters, type initializers).</summary>
    public FieldReference Add(TypeReference siteType, MethodReference factory, string function, string? receiver, string member, string file, int line, int ilOffset)
        => Add(siteType, factory, function, receiver, member, file, line, ilOffset, name: null, column: 0);

    /// <summary>Writes the class constructor; call once after the last <c>Add</c>.</summary>
    public void Complete()
    {
        var qualifiers = Qualifiers();
        for (var i = 0; i < _entries.Count; i++)
        {
            var e = _entries[i];
            var qualified = qualifiers[i] is not null ? QualifiedFactory(e.Factory) : null;
            _cctor.Emit(OpCodes.Ldstr, e.Function);
            if (e.Receiver is null)
            {
                _cctor.Emit(OpCodes.Ldnull);
            }
            else
            {
                _cctor.Emit(OpCodes.Ldstr, e.Receiver);
            }

            _cctor.Emit(OpCodes.Ldstr, e.Member);
            _cctor.Emit(OpCodes.Ldstr, e.File);
            _cctor.Emit(OpCodes.Ldc_I4, e.Line);
            _cctor.Emit(OpCodes.Ldc_I4, e.IlOffset);
            if (qualified is not null)
            {
                _cctor.Emit(OpCodes.Ldstr, qualifiers[i]!);
            }

            _cctor.Emit(OpCodes.Call, _module.ImportReference(qualified ?? e.Factory));
            _cctor.Emit(OpCodes.Stsfld, e.Field);
        }

        _cctor.Emit(OpCodes.Ret);
    }

    private FieldReference Add(TypeReference siteType, MethodReference factory, string function, string? receiver, string member, string file, int line, int ilOffset, string? name, int column)
    {
        var field = new FieldDefinition(
            "s" + _type.Fields.Count,
            FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly,
            _module.ImportReference(siteType));
        _type.Fields.Add(field);
        _entries.Add(new Entry(field, factory, function, receiver, member, file, line, ilOffset, name, column));
        return field;
    }

    // Groups the patch sites by the class name they would get; in a group of several, each gets its column when the
    // columns are known and all differ, else its 1-based order in the group (the module's IL order).
    private string?[] Qualifiers()
    {
        var qualifiers = new string?[_entries.Count];
        var groups = Enumerable.Range(0, _entries.Count)
            .Where(i => _entries[i].Name is not null)
            .GroupBy(i => _entries[i].Name!, StringComparer.Ordinal)
            .Where(static g => g.Count() > 1);
        foreach (var group in groups)
        {
            var members = group.ToList();
            var columns = members.Select(i => _entries[i].Column).ToList();
            var byColumn = columns.All(static c => c > 0) && columns.Distinct().Count() == columns.Count;
            for (var k = 0; k < members.Count; k++)
            {
                qualifiers[members[k]] = byColumn ? $":{columns[k]}" : $"#{k + 1}";
            }
        }

        return qualifiers;
    }

    // DeptSite.Create(function, receiver, member, file, line, ilOffset, qualifier) beside the six-argument factory;
    // a site type without one (a pack's own) keeps the shared name.
    private static MethodReference? QualifiedFactory(MethodReference factory)
        => factory.DeclaringType.Resolve()?.Methods.FirstOrDefault(m => m.IsStatic && m.IsPublic && m.Name == factory.Name
            && m.Parameters.Select(static p => p.ParameterType.FullName).SequenceEqual(
                ["System.String", "System.String", "System.String", "System.String", "System.Int32", "System.Int32", "System.String"]));

    private sealed record Entry(FieldDefinition Field, MethodReference Factory, string Function, string? Receiver, string Member, string File, int Line, int IlOffset, string? Name, int Column);
}
