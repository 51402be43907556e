using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Rewrites one module's call sites: every <c>call</c>/<c>callvirt</c>/<c>newobj</c>/<c>ldftn</c>/<c>ldvirtftn</c> of a
/// patched method becomes a call to its generated shim (with the site's static field pushed last when the patch takes
/// <c>__site</c>); calls to uninstrumented APIs are recorded. Generated types (<c>&lt;Dept&gt;*</c>) are never scanned.
/// </summary>
internal sealed partial class ModuleRewriter
{
    private const string GeneratedPrefix = "<Dept>";
    private readonly ModuleDefinition _module;
    private readonly PatchCatalog _catalog;
    private readonly TextWriter? _ilLog;
    private readonly List<DeptRewrittenCall> _calls = [];
    private ShimFactory? _shims;
    private SiteTable? _sites;

    public ModuleRewriter(ModuleDefinition module, PatchCatalog catalog, TextWriter? ilLog)
    {
        _module = module;
        _catalog = catalog;
        _ilLog = ilLog;
    }

    public int Instrumented { get; private set; }

    public int Uninstrumented { get; private set; }

    /// <summary>Gets the type initializers wrapped plus the first-access sites instrumented (#10).</summary>
    public int TypeInitializers { get; private set; }

    /// <summary>Gets the sites left alone (constrained calls, base calls, value-type method groups).</summary>
    public int Skipped { get; private set; }

    /// <summary>Scans and rewrites; returns whether the module changed.</summary>
    public bool Run()
    {
        foreach (var type in _module.GetTypes().Where(t => !t.Name.StartsWith(GeneratedPrefix, StringComparison.Ordinal)).ToList())
        {
            foreach (var method in type.Methods.Where(m => m.HasBody).ToList())
            {
                RewriteMethod(method);
            }

            HookResumptions(type);
        }

        if (Instrumented == 0 && Uninstrumented == 0 && TypeInitializers == 0 && Resumptions == 0)
        {
            return false;
        }

        _sites?.Complete();
        Finish();
        if (_ilLog is not null && _shims is not null)
        {
            foreach (var shim in _shims.Methods)
            {
                _ilLog.WriteLine($"--- generated {shim.FullName}");
                IlText.Write(_ilLog, shim);
            }
        }

        return true;
    }

    private void RewriteMethod(MethodDefinition method)
    {
        var hits = new List<(Instruction Instruction, int Offset, PatchTarget Target, MethodReference Site, string? Receiver)>();
        var counts = new List<(Instruction Instruction, string Api, string Member, string File, int Line, int Offset)>();
        foreach (var instruction in method.Body.Instructions)
        {
            if (instruction.Operand is not MethodReference site || !IsCallLike(instruction.OpCode))
            {
                continue;
            }

            if (_catalog.Patches.TryGetValue(TypeNames.Key(site), out var target))
            {
                if (CanRewrite(instruction, target))
                {
                    // Named now, before any rewrite in this body changes the IL the walk reads.
                    hits.Add((instruction, instruction.Offset, target, site, ReceiverNames.FieldOf(instruction, site)));
                }
                else
                {
                    Skipped++;
                }
            }
            else if (_catalog.Uninstrumented.TryGetValue(TypeNames.ApiKey(site), out var reason))
            {
                var (file, line) = SourceLocator.Locate(method, instruction.Offset);
                _calls.Add(new DeptRewrittenCall(false, TypeNames.ApiKey(site), reason, SourceLocator.Member(method), file, line, instruction.Offset));
                Uninstrumented++;
                if (CanCount(instruction))
                {
                    counts.Add((instruction, TypeNames.ApiKey(site), SourceLocator.Member(method), file, line, instruction.Offset));
                }
            }
        }

        var typeInits = TypeInitAccesses(method);
        if (hits.Count == 0 && counts.Count == 0 && typeInits.Count == 0 && !WrapsTypeInitializer(method))
        {
            return;
        }

        var before = _ilLog is null ? null : IlText.Capture(method);
        method.Body.SimplifyMacros();
        var il = method.Body.GetILProcessor();
        var member = SourceLocator.Member(method);
        VariableDefinition? slot = null;
        foreach (var (instruction, offset, target, site, receiver) in hits)
        {
            var (file, line) = SourceLocator.Locate(method, offset);
            if (target.ContextType is not null && slot is null)
            {
                // One slot per method: every call site of one invocation shares the thread's state it caches. The JIT
                // zeroes locals holding references whatever the method's localsinit flag says.
                slot = new VariableDefinition(_module.ImportReference(target.ContextType));
                method.Body.Variables.Add(slot);
            }

            var siteField = target.SiteType is null ? null : Sites().Add(target, target.Function, receiver, member, file, line, offset, SourceLocator.Column(method, offset));
            Apply(il, instruction, target, site, siteField, slot);
            _calls.Add(new DeptRewrittenCall(true, receiver is null ? target.Function : $"{target.Function}({receiver})", string.Empty, member, file, line, offset));
            Instrumented++;
        }

        foreach (var (instruction, api, caller, file, line, offset) in counts)
        {
            var siteType = _catalog.UninstrumentedCounter!.Parameters[0].ParameterType;
            Count(il, instruction, Sites().Add(siteType, _catalog.CounterSiteFactory!, Runtime.RunOutput.ApiName(api), null, caller, file, line, offset));
        }

        RewriteTypeInitialization(method, il, typeInits);
        method.Body.OptimizeMacros();
        if (_ilLog is not null)
        {
            _ilLog.WriteLine($"--- {method.FullName}: {hits.Count} call site(s) rewritten, {counts.Count} uninstrumented call(s) counted, {typeInits.Count} type-initializer access(es)");
            _ilLog.WriteLine("before:");
            _ilLog.Write(before);
            _ilLog.WriteLine("after:");
            IlText.Write(_ilLog, method);
        }
    }

    private void Apply(ILProcessor il, Instruction instruction, PatchTarget target, MethodReference site, FieldReference? siteField, VariableDefinition? slot)
    {
        var opcode = instruction.OpCode;
        var kind = opcode == OpCodes.Newobj ? ShimKind.NewObj
            : opcode == OpCodes.Callvirt || opcode == OpCodes.Ldvirtftn ? ShimKind.CallVirt
            : ShimKind.Call;
        var shim = Shims().GetOrCreate(target, site, kind);
        if (opcode == OpCodes.Ldftn || opcode == OpCodes.Ldvirtftn)
        {
            if (opcode == OpCodes.Ldvirtftn)
            {
                // dup; ldvirtftn M  ->  nop; ldftn shim: the static shim is closed over the receiver and dispatches itself.
                instruction.Previous.OpCode = OpCodes.Nop;
                instruction.Previous.Operand = null;
            }

            instruction.OpCode = OpCodes.Ldftn;
            instruction.Operand = siteField is null ? shim.For(site) : Shims().MethodGroupWrapper(shim, site, siteField);
            return;
        }

        if (siteField is null)
        {
            instruction.OpCode = OpCodes.Call;
            instruction.Operand = shim.For(site);
            return;
        }

        // The original instruction object becomes the ldsfld, so branch targets, handler bounds and its sequence point
        // still point at the start of the rewritten call.
        instruction.OpCode = OpCodes.Ldsfld;
        instruction.Operand = siteField;
        var call = il.Create(OpCodes.Call, shim.For(site));
        il.InsertAfter(instruction, call);
        if (target.ContextType is not null)
        {
            il.InsertBefore(call, il.Create(OpCodes.Ldloca, slot!));
        }
    }

    /// <summary>
    /// Counts an uninstrumented call: <c>call API</c> becomes <c>ldsfld site; call Counter(site); call API</c>. The original
    /// instruction object becomes the <c>ldsfld</c>, so branch targets, handler bounds and its sequence point still point
    /// at the start of the call; the counter pops what it pushed, so the call's arguments are untouched.
    /// </summary>
    private void Count(ILProcessor il, Instruction instruction, FieldReference siteField)
    {
        var call = il.Create(instruction.OpCode, (MethodReference)instruction.Operand);
        instruction.OpCode = OpCodes.Ldsfld;
        instruction.Operand = siteField;
        var counter = il.Create(OpCodes.Call, _module.ImportReference(_catalog.UninstrumentedCounter!));
        il.InsertAfter(instruction, counter);
        il.InsertAfter(counter, call);
    }

    /// <summary>A real call (not a method group) without a prefix (<c>constrained.</c>, <c>tail.</c>) that inserted code would separate from it.</summary>
    private bool CanCount(Instruction instruction) =>
        _catalog.UninstrumentedCounter is not null
        && instruction.OpCode != OpCodes.Ldftn && instruction.OpCode != OpCodes.Ldvirtftn
        && instruction.Previous?.OpCode.OpCodeType != OpCodeType.Prefix;

    private static bool IsCallLike(OpCode op) =>
        op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj || op == OpCodes.Ldftn || op == OpCodes.Ldvirtftn;

    private static bool CanRewrite(Instruction instruction, PatchTarget target)
    {
        var op = instruction.OpCode;
        var method = target.Target;
        if (target.IsConstructor != (op == OpCodes.Newobj))
        {
            return false; // `call .ctor` is base/this chaining or in-place struct init: not an allocation site.
        }

        if (instruction.Previous?.OpCode == OpCodes.Constrained)
        {
            return false; // constrained. callvirt on a generic receiver: the shim could not reproduce the constraint.
        }

        if (op == OpCodes.Call && method.IsVirtual && !method.IsFinal && !method.DeclaringType.IsSealed && method.HasThis)
        {
            return false; // a non-virtual call of a virtual method (base.M()): a shim would change dispatch.
        }

        if ((op == OpCodes.Ldftn || op == OpCodes.Ldvirtftn) && method.HasThis && method.DeclaringType.IsValueType)
        {
            return false; // a delegate over a boxed struct cannot be re-bound to a static shim taking `ref T`.
        }

        return op != OpCodes.Ldvirtftn || instruction.Previous?.OpCode == OpCodes.Dup;
    }
}
