using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>The <c>Enter</c>/<c>Exit</c>/<c>Access</c> methods of a <c>[DeptTypeInitializerHooks]</c> class, validated once.</summary>
internal sealed record TypeInitHooks(MethodDefinition Enter, MethodDefinition Exit, MethodDefinition Access, TypeReference SiteType, MethodDefinition SiteFactory)
{
    public static TypeInitHooks Read(TypeDefinition type)
    {
        MethodDefinition Find(string name, MetadataType returns)
        {
            var method = type.Methods.FirstOrDefault(m => m.Name == name && m.IsStatic && m.IsPublic && m.Parameters.Count == 1
                && m.ReturnType.MetadataType == returns);
            return method is not null && type.IsPublic
                ? method
                : throw new DeptRewriteException(
                    $"Type-initializer hooks {type.FullName}: need a public static {(returns == MetadataType.Boolean ? "bool" : "void")} {name}(DeptSite) in a public class.");
        }

        var enter = Find("Enter", MetadataType.Void);
        var siteType = enter.Parameters[0].ParameterType;
        var factory = PatchDeclarationReader.SiteFactory(siteType)
            ?? throw new DeptRewriteException($"Type-initializer hooks {type.FullName}: {siteType.FullName} has no DeptSite.Create(function, receiver, member, file, line, ilOffset).");
        return new TypeInitHooks(enter, Find("Exit", MetadataType.Void), Find("Access", MetadataType.Boolean), siteType, factory);
    }
}
