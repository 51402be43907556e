using Mono.Cecil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>One patched method: the resolved original and the patch methods that wrap each of its call sites.</summary>
internal sealed class PatchTarget
{
    /// <summary>Gets or sets the resolved original.</summary>
    public required MethodDefinition Target { get; init; }

    /// <summary>Gets or sets the match key (<see cref="TypeNames.Key(MethodReference)"/>).</summary>
    public required string Key { get; init; }

    /// <summary>Gets or sets the patch class full name, for messages.</summary>
    public required string PatchClass { get; init; }

    /// <summary>Gets or sets the operation name the sites report.</summary>
    public required string Function { get; init; }

    /// <summary>Gets or sets the prefix.</summary>
    public PatchMethod? Prefix { get; init; }

    /// <summary>Gets or sets the postfix.</summary>
    public PatchMethod? Postfix { get; init; }

    /// <summary>Gets or sets the finalizer.</summary>
    public PatchMethod? Finalizer { get; init; }

    /// <summary>Gets or sets the <c>__state</c> type, when a patch method uses it.</summary>
    public TypeReference? StateType { get; init; }

    /// <summary>Gets or sets the <c>__site</c> type (e.g. <c>Dept.Core.Annotations.DeptSite</c>), when used.</summary>
    public TypeReference? SiteType { get; init; }

    /// <summary>Gets or sets the site type's static <c>Create(string, string, string, int, int)</c>.</summary>
    public MethodDefinition? SiteFactory { get; init; }

    /// <summary>The slot type when a patch method binds <c>__context</c> (the call site then passes its method's slot local).</summary>
    public TypeReference? ContextType { get; init; }

    /// <summary>Gets whether the target is a constructor (patched at <c>newobj</c> sites).</summary>
    public bool IsConstructor => Target.IsConstructor;
}
