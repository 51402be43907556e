using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Names a call site for reports: the user-level member (async state machines and lambdas fold back into the
/// method the user wrote) and the file:line of the nearest visible sequence point at or before the IL offset.
/// </summary>
internal static class SourceLocator
{
    public static (string File, int Line) Locate(MethodDefinition method, int ilOffset)
        => Nearest(method, ilOffset) is { } best ? (best.Document.Url, best.StartLine) : (string.Empty, 0);

    /// <summary>The 1-based start column of the statement the call belongs to, or 0 when unknown.</summary>
    public static int Column(MethodDefinition method, int ilOffset) => Nearest(method, ilOffset)?.StartColumn ?? 0;

    private static SequencePoint? Nearest(MethodDefinition method, int ilOffset)
    {
        if (!method.DebugInformation.HasSequencePoints)
        {
            return null;
        }

        SequencePoint? best = null;
        foreach (var sp in method.DebugInformation.SequencePoints)
        {
            if (sp.Offset > ilOffset)
            {
                break;
            }

            if (!sp.IsHidden)
            {
                best = sp;
            }
        }

        return best;
    }

    /// <summary><c>Accounts.Account.Transfer</c>; <c>MoveNext</c> of <c>&lt;PayAsync&gt;d__4</c> becomes <c>Accounts.Account.PayAsync</c>,
    /// <c>&lt;Run&gt;b__0</c> of a display class becomes <c>Accounts.Account.Run (lambda)</c>.</summary>
    public static string Member(MethodDefinition method)
    {
        var type = method.DeclaringType;
        var name = method.Name;
        var suffix = string.Empty;
        while (type.DeclaringType is not null && type.Name.StartsWith('<'))
        {
            if (name == "MoveNext" && Between(type.Name) is { } stateMachine)
            {
                name = stateMachine;
            }
            else if (Between(name) is { } lambdaOwner)
            {
                name = lambdaOwner;
                suffix = " (lambda)";
            }

            type = type.DeclaringType;
        }

        if (name.StartsWith('<') && Between(name) is { } local)
        {
            name = local;
            suffix = " (lambda)";
        }

        return $"{TypeName(type)}.{name}{suffix}";
    }

    private static string TypeName(TypeDefinition type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        name = tick >= 0 ? name[..tick] : name;
        return type.DeclaringType is null ? (type.Namespace.Length == 0 ? name : $"{type.Namespace}.{name}") : $"{TypeName(type.DeclaringType)}.{name}";
    }

    private static string? Between(string compilerName)
    {
        var close = compilerName.IndexOf('>', StringComparison.Ordinal);
        return compilerName.StartsWith('<') && close > 1 ? compilerName[1..close] : null;
    }
}
