namespace Dept.Instrumentation.Rewriting;

/// <summary>What a patch method parameter receives.</summary>
internal enum BindingKind
{
    /// <summary><c>__instance</c>: the receiver.</summary>
    Instance,

    /// <summary>An original argument, by name.</summary>
    Argument,

    /// <summary><c>__result</c>: the original's return value (or the new object of a constructor).</summary>
    Result,

    /// <summary><c>__state</c>: a shim local shared from Prefix to Postfix and Finalizer.</summary>
    State,

    /// <summary><c>__exception</c>: what the original threw, or null.</summary>
    Exception,

    /// <summary><c>__site</c>: the static call site.</summary>
    Site,

    /// <summary><c>ref DeptThreadSlot __context</c>: the rewritten method's per-invocation slot for the thread's tracking state.</summary>
    Context,
}
