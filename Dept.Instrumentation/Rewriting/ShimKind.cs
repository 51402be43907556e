namespace Dept.Instrumentation.Rewriting;

/// <summary>How the shim invokes the original: as the call site did, so dispatch is unchanged.</summary>
internal enum ShimKind
{
    /// <summary><c>call</c>: static, non-virtual or value-type receiver.</summary>
    Call,

    /// <summary><c>callvirt</c>: virtual dispatch and the null check stay inside the shim.</summary>
    CallVirt,

    /// <summary><c>newobj</c>: a constructor patch; the shim returns the new object.</summary>
    NewObj,
}
