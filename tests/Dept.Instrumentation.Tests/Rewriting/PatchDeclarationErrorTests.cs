using Dept.Instrumentation.Rewriting;

namespace Dept.Instrumentation.Tests.Rewriting;

/// <summary>Every bad declaration is refused with a message naming the patch class and the offending part.</summary>
public sealed class PatchDeclarationErrorTests
{
    private static readonly string[] ObjectArg = ["System.Object"];

    [Fact]
    public void MissingMethod_NamesPatchClassAndTarget()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Entr", ObjectArg, "Prefix", ("obj", typeof(object), false, false)));
        Assert.Contains("Patch Bad.Patch", ex.Message, StringComparison.Ordinal);
        Assert.Contains("System.Threading.Monitor::Entr(System.Object) does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has no method named 'Entr'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOverload_ListsTheOverloads()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ["System.Int32"], "Prefix"));
        Assert.Contains("its overloads are System.Threading.Monitor::Exit(System.Object)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingType_NamesTheType()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitr", "Exit", ObjectArg, "Prefix"));
        Assert.Contains("target type 'System.Threading.Monitr' was not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownParameterName_NamesParameterAndOriginalParameters()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Prefix", ("target", typeof(object), false, false)));
        Assert.Contains("Patch Bad.Patch.Prefix", ex.Message, StringComparison.Ordinal);
        Assert.Contains("parameter 'target' matches no parameter of the original (its parameters: obj)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongArgumentType_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Prefix", ("obj", typeof(int), false, false)));
        Assert.Contains("parameter 'obj' has type System.Int32 but receives System.Object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultInPrefix_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "TryEnter", ObjectArg, "Prefix", ("__result", typeof(bool), false, false)));
        Assert.Contains("__result is only available to Postfix and Finalizer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StateNotOutInPrefix_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Prefix", ("__state", typeof(long), false, false)));
        Assert.Contains("Prefix must declare __state as 'out'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstanceOfStaticTarget_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Postfix", ("__instance", typeof(object), false, false)));
        Assert.Contains("parameter '__instance': the target is static", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionOutsideFinalizer_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Postfix", ("__exception", typeof(Exception), false, false)));
        Assert.Contains("__exception is only available to Finalizer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPatchMethods_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Helper"));
        Assert.Contains("declares none of Prefix, Postfix, Finalizer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidDeclaration_BindsByName()
    {
        var target = Assert.Single(PatchDeclarationReader.ReadPatches(
            InMemoryPatch.Build("System.Threading.Monitor", "Enter", ["System.Object", "System.Boolean&"], "Postfix", ("lockTaken", typeof(bool), true, false), ("obj", typeof(object), false, false))));
        Assert.Equal("System.Threading.Monitor::Enter(System.Object,System.Boolean&)", target.Key);
        Assert.Equal("Monitor.Enter", target.Function);
        Assert.Equal([BindingKind.Argument, BindingKind.Argument], target.Postfix!.Bindings.Select(b => b.Kind));
        Assert.Equal([1, 0], target.Postfix.Bindings.Select(b => b.ArgumentIndex));
    }

    [Fact]
    public void ContextNotByRef_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Postfix",
            ("__site", typeof(Dept.Core.Annotations.DeptSite), false, false), ("__context", typeof(Dept.Core.Annotations.DeptThreadSlot), false, false)));
        Assert.Contains("parameter '__context': __context must be declared 'ref Dept.Core.Annotations.DeptThreadSlot'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContextOfAnotherType_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Postfix",
            ("__site", typeof(Dept.Core.Annotations.DeptSite), false, false), ("__context", typeof(object), true, false)));
        Assert.Contains("__context must be declared 'ref Dept.Core.Annotations.DeptThreadSlot'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContextWithoutSite_Refused()
    {
        var ex = Refused(InMemoryPatch.Build("System.Threading.Monitor", "Exit", ObjectArg, "Postfix", ("__context", typeof(Dept.Core.Annotations.DeptThreadSlot), true, false)));
        Assert.Contains("Patch Bad.Patch: __context needs __site in the same patch class", ex.Message, StringComparison.Ordinal);
    }

    private static DeptRewriteException Refused(Mono.Cecil.TypeDefinition patch) =>
        Assert.Throws<DeptRewriteException>(() => PatchDeclarationReader.ReadPatches(patch).ToList());
}
