using Dept.Core.Tracking;

namespace Dept.Core.Annotations;

/// <summary>
/// A cache of the calling thread's tracking state for one invocation of one method. The rewriter gives every
/// rewritten method one such local and passes it by reference to patches that declare
/// <c>ref DeptThreadSlot __context</c> (see docs/reference/patches.md): the first tracked lock operation in the
/// invocation finds the thread's state (a thread-static read, which on Linux is a call into the dynamic linker's
/// TLS resolver), the others in the same invocation reuse it. A method invocation never changes threads (an async
/// method's resumptions are separate invocations of <c>MoveNext</c>), so the cache can never be another thread's.
/// </summary>
/// <remarks>Opaque to user code: a default value is empty and always correct; only Dept reads or writes it.</remarks>
public struct DeptThreadSlot
{
    /// <summary>The thread's state for the engine that filled it (checked on every use: engines can be replaced).</summary>
    internal ThreadContext? Context;
}
