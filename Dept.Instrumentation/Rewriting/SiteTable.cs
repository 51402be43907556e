using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// The generated class of static sites: one <c>static readonly</c> field per rewritten call site whose patch takes
/// <c>__site</c>, created once in the class constructor by <c>DeptSite.Create(function, receiver, member, file, line,
/// ilOffset)</c>. The hot path is one <c>ldsfld</c>: no allocation, no hashing, no stack capture.
/// </summary>
internal sealed class SiteTable
{
    private readonly ModuleDefinition _module;
    private readonly TypeDefinition _type;
    private readonly ILProcessor _cctor;

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

    public FieldReference Add(PatchTarget target, string function, string? receiver, string member, string file, int line, int ilOffset)
        => Add(target.SiteType!, target.SiteFactory!, function, receiver, member, file, line, ilOffset);

    /// <summary>Adds a site of <paramref name="siteType"/> built by <paramref name="factory"/> (uninstrumented-call counters, type initializers).</summary>
    public FieldReference Add(TypeReference siteType, MethodReference factory, string function, string? receiver, string member, string file, int line, int ilOffset)
    {
        var field = new FieldDefinition(
            "s" + _type.Fields.Count,
            FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly,
            _module.ImportReference(siteType));
        _type.Fields.Add(field);
        _cctor.Emit(OpCodes.Ldstr, function);
        if (receiver is null)
        {
            _cctor.Emit(OpCodes.Ldnull);
        }
        else
        {
            _cctor.Emit(OpCodes.Ldstr, receiver);
        }

        _cctor.Emit(OpCodes.Ldstr, member);
        _cctor.Emit(OpCodes.Ldstr, file);
        _cctor.Emit(OpCodes.Ldc_I4, line);
        _cctor.Emit(OpCodes.Ldc_I4, ilOffset);
        _cctor.Emit(OpCodes.Call, _module.ImportReference(factory));
        _cctor.Emit(OpCodes.Stsfld, field);
        return field;
    }

    /// <summary>Closes the class constructor; call once after the last <c>Add</c>.</summary>
    public void Complete() => _cctor.Emit(OpCodes.Ret);
}
