using Dept.Instrumentation.Patching;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Tests.Rewriting;

/// <summary>
/// Builds a patch class in memory with Cecil, so a malformed declaration can be fed to the reader without putting
/// a bad <c>[DeptPatch]</c> class into an assembly the other tests load as a patch assembly.
/// </summary>
internal static class InMemoryPatch
{
    public static TypeDefinition Build(string type, string method, string[]? args, string patchMethod, params (string Name, Type Type, bool ByRef, bool Out)[] parameters)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        var module = ModuleDefinition.CreateModule("BadPatches", new ModuleParameters { Kind = ModuleKind.Dll, AssemblyResolver = resolver });
        var patch = new TypeDefinition("Bad", "Patch", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, module.ImportReference(typeof(object)));
        module.Types.Add(patch);
        var ctor = module.ImportReference(typeof(DeptPatchAttribute).GetConstructor([typeof(string), typeof(string), typeof(string[])]));
        var attribute = new CustomAttribute(ctor);
        var str = module.ImportReference(typeof(string));
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(str, type));
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(str, method));
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(
            new ArrayType(str),
            args?.Select(a => new CustomAttributeArgument(str, a)).ToArray()));
        patch.CustomAttributes.Add(attribute);
        var definition = new MethodDefinition(patchMethod, MethodAttributes.Public | MethodAttributes.Static, module.ImportReference(typeof(void)));
        foreach (var (name, parameterType, byRef, isOut) in parameters)
        {
            var t = module.ImportReference(parameterType);
            definition.Parameters.Add(new ParameterDefinition(name, isOut ? ParameterAttributes.Out : ParameterAttributes.None, byRef ? new ByReferenceType(t) : t));
        }

        definition.Body.GetILProcessor().Emit(OpCodes.Ret);
        patch.Methods.Add(definition);
        return patch;
    }
}
