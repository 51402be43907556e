using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Scope-free names of types and methods, so a call site in a user module (a MemberRef into <c>System.Runtime</c>)
/// matches a patch target resolved from CoreLib. Generic parameters print by position (<c>!0</c>, <c>!!0</c>), as in
/// a MemberRef signature, whether they come from a definition (<c>T</c>) or a reference.
/// </summary>
internal static class TypeNames
{
    /// <summary>Renders <paramref name="type"/>; <paramref name="typeArity"/> &gt;= 0 maps type parameters onto
    /// method parameters (<c>!i</c> to <c>!!i</c>, <c>!!j</c> to <c>!!(arity+j)</c>), as a patch method sees them.</summary>
    public static string Render(TypeReference type, int typeArity = -1) => type switch
    {
        GenericParameter gp when typeArity >= 0 =>
            "!!" + (gp.Type == GenericParameterType.Type ? gp.Position : typeArity + gp.Position),
        GenericParameter gp => (gp.Type == GenericParameterType.Type ? "!" : "!!") + gp.Position,
        ByReferenceType br => Render(br.ElementType, typeArity) + "&",
        PointerType pt => Render(pt.ElementType, typeArity) + "*",
        ArrayType at => Render(at.ElementType, typeArity) + "[" + new string(',', at.Rank - 1) + "]",
        GenericInstanceType git =>
            git.ElementType.FullName + "<" + string.Join(",", git.GenericArguments.Select(a => Render(a, typeArity))) + ">",
        RequiredModifierType rm => Render(rm.ElementType, typeArity),
        OptionalModifierType om => Render(om.ElementType, typeArity),
        PinnedType pt => Render(pt.ElementType, typeArity),
        _ => type.FullName,
    };

    /// <summary>The open declaring type's full name (<c>System.Threading.Tasks.TaskCompletionSource`1</c>).</summary>
    public static string OpenTypeName(TypeReference type) =>
        type is GenericInstanceType git ? git.ElementType.FullName : type.FullName;

    /// <summary>The match key of a method: open declaring type, name and rendered parameter types.</summary>
    public static string Key(MethodReference method)
    {
        var element = method is GenericInstanceMethod gim ? gim.ElementMethod : method;
        return Key(OpenTypeName(element.DeclaringType), element.Name, element.Parameters.Select(p => Render(p.ParameterType)));
    }

    /// <summary>The match key from parts.</summary>
    public static string Key(string typeName, string methodName, IEnumerable<string> parameterTypes) =>
        $"{typeName}::{methodName}({string.Join(",", parameterTypes)})";

    /// <summary>The overload-free key used for uninstrumented APIs.</summary>
    public static string ApiKey(MethodReference method)
    {
        var element = method is GenericInstanceMethod gim ? gim.ElementMethod : method;
        return OpenTypeName(element.DeclaringType) + "::" + element.Name;
    }

    /// <summary>A readable operation name: <c>TaskCompletionSource.SetResult</c>, <c>Lock.Scope.Dispose</c>, <c>Task.Result</c>.</summary>
    public static string Function(TypeReference declaringType, string methodName)
    {
        var parts = new List<string>();
        for (var t = declaringType is GenericInstanceType g ? g.ElementType : declaringType; t is not null; t = t.DeclaringType)
        {
            var name = t.Name;
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            parts.Insert(0, tick >= 0 ? name[..tick] : name);
        }

        var method = methodName.StartsWith("get_", StringComparison.Ordinal) || methodName.StartsWith("set_", StringComparison.Ordinal)
            ? methodName[4..]
            : methodName == ".ctor" ? "new" : methodName;
        return string.Join(".", parts) + "." + method;
    }
}
