using System.Diagnostics.CodeAnalysis;

// These tests exercise blocking primitives on purpose (Task.Wait, .Result, GetResult under locks): that is the
// behaviour being patched. Every blocking call carries a timeout.
[assembly: SuppressMessage("Usage", "xUnit1031:Do not use blocking task operations in test method", Justification = "Blocking is the subject under test.", Scope = "namespaceanddescendants", Target = "~N:Dept.Instrumentation.Tests.Patches")]
[assembly: SuppressMessage("Usage", "xUnit1031:Do not use blocking task operations in test method", Justification = "Blocking is the subject under test.", Scope = "namespaceanddescendants", Target = "~N:Dept.Instrumentation.Tests.Runtime")]

// ConfigureAwait(false) awaiters are patched primitives here, built only to call GetResult on them, never awaited.
[assembly: SuppressMessage("Usage", "xUnit1030:Do not call ConfigureAwait(false) in test method", Justification = "The configured awaiter is the subject under test.", Scope = "namespaceanddescendants", Target = "~N:Dept.Instrumentation.Tests.Patches")]
