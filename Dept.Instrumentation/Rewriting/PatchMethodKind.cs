namespace Dept.Instrumentation.Rewriting;

/// <summary>Where a patch method runs around the original call (Harmony's names).</summary>
internal enum PatchMethodKind
{
    /// <summary>Before the original.</summary>
    Prefix,

    /// <summary>After the original returned normally.</summary>
    Postfix,

    /// <summary>Always, last; sees <c>__exception</c>.</summary>
    Finalizer,
}
