using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Type initializers (#10). The runtime runs a type's static constructor under its type-initialization lock: a
/// thread that first touches the type while another thread runs the initializer waits for it. Dept models that lock:
/// the rewritten type's <c>.cctor</c> runs inside the lock's event context (<c>Enter</c>/<c>Exit</c> hooks in a
/// <c>try/finally</c>), and an access from rewritten code of the same module that can trigger the initializer (a
/// static field; for a type without <c>beforefieldinit</c> also a static method call or <c>new</c>) first calls the
/// <c>Access</c> hook, which records the wait while the type is not yet initialized. Once it is, a per-type flag in
/// <c>&lt;Dept&gt;TypeInit</c> makes every site skip the hook: one static load and a branch.
/// </summary>
internal sealed partial class ModuleRewriter
{
    private const string TypeInitFunction = "static constructor";
    private const string AccessFunction = "first access";
    private readonly Dictionary<TypeDefinition, FieldDefinition> _initialized = [];
    private TypeDefinition? _typeInitFlags;

    private List<(Instruction Instruction, int Offset, TypeDefinition Type)> TypeInitAccesses(MethodDefinition method)
    {
        var found = new List<(Instruction, int, TypeDefinition)>();
        if (_catalog.TypeInitHooks is null)
        {
            return found;
        }

        foreach (var instruction in method.Body.Instructions)
        {
            var type = instruction.OpCode.Code switch
            {
                Code.Ldsfld or Code.Stsfld or Code.Ldsflda when instruction.Operand is FieldDefinition field => field.DeclaringType,
                // Static methods and constructors trigger a precise (non-beforefieldinit) initializer too.
                Code.Call or Code.Newobj when instruction.Operand is MethodDefinition { IsStatic: var isStatic, IsConstructor: var isCtor } target
                    && (isStatic ? !isCtor : isCtor && instruction.OpCode == OpCodes.Newobj)
                    && !target.DeclaringType.IsBeforeFieldInit => target.DeclaringType,
                _ => null,
            };
            // A site a previous pass instrumented already checks its flag (ldsfld flag; brtrue; ...; stsfld flag; access).
            var checkedBefore = instruction.Previous is { OpCode.Code: Code.Stsfld, Operand: FieldReference { DeclaringType.Name: var owner } }
                && owner.StartsWith(GeneratedPrefix, StringComparison.Ordinal);
            // A prefixed access (volatile. ldsfld) cannot be split from its prefix: left alone.
            var prefixed = instruction.Previous?.OpCode.OpCodeType == OpCodeType.Prefix;
            if (type is not null && !checkedBefore && !prefixed && type != method.DeclaringType && HasTrackedInitializer(type))
            {
                found.Add((instruction, instruction.Offset, type));
            }
        }

        return found;
    }

    private bool WrapsTypeInitializer(MethodDefinition method) =>
        _catalog.TypeInitHooks is { } hooks && method.IsConstructor && method.IsStatic && method.HasBody && HasTrackedInitializer(method.DeclaringType)
        && !method.Body.Instructions.Any(i => i.Operand is MethodReference m && m.Name == hooks.Enter.Name && m.DeclaringType.FullName == hooks.Enter.DeclaringType.FullName);

    /// <summary>
    /// A non-generic type of this module with a static constructor, written by the user: not <c>&lt;Module&gt;</c>, not
    /// Dept's generated types, not the compiler's (a lambda cache <c>&lt;&gt;c</c>, whose initializer only allocates).
    /// </summary>
    private bool HasTrackedInitializer(TypeDefinition type) =>
        type.Module == _module
        && !type.HasGenericParameters
        && !type.Name.Contains('<', StringComparison.Ordinal)
        && type.Methods.Any(static m => m.IsConstructor && m.IsStatic && m.HasBody);

    private void RewriteTypeInitialization(MethodDefinition method, ILProcessor il, List<(Instruction Instruction, int Offset, TypeDefinition Type)> accesses)
    {
        var hooks = _catalog.TypeInitHooks;
        if (hooks is null)
        {
            return;
        }

        var member = SourceLocator.Member(method);
        foreach (var (instruction, offset, type) in accesses)
        {
            var (file, line) = SourceLocator.Locate(method, offset);
            var site = Sites().Add(hooks.SiteType, hooks.SiteFactory, AccessFunction, type.FullName, member, file, line, offset);
            var flag = InitializedFlag(type);

            // The original instruction object becomes the flag load, so branch targets, handler bounds and the sequence
            // point keep pointing at the start of the access; the stack is the same on both paths into the copy.
            var access = il.Create(OpCodes.Nop);
            access.OpCode = instruction.OpCode;
            access.Operand = instruction.Operand;
            instruction.OpCode = OpCodes.Ldsfld;
            instruction.Operand = flag;
            var branch = il.Create(OpCodes.Brtrue, access);
            var loadSite = il.Create(OpCodes.Ldsfld, site);
            var call = il.Create(OpCodes.Call, _module.ImportReference(hooks.Access));
            var store = il.Create(OpCodes.Stsfld, flag);
            il.InsertAfter(instruction, branch);
            il.InsertAfter(branch, loadSite);
            il.InsertAfter(loadSite, call);
            il.InsertAfter(call, store);
            il.InsertAfter(store, access);
            TypeInitializers++;
        }

        if (WrapsTypeInitializer(method))
        {
            Wrap(method, il, hooks);
            TypeInitializers++;
        }
    }

    /// <summary><c>Enter(site); try { body (ret becomes leave) } finally { Exit(site); } ret</c>.</summary>
    private void Wrap(MethodDefinition cctor, ILProcessor il, TypeInitHooks hooks)
    {
        var body = cctor.Body;
        var (file, line) = SourceLocator.Locate(cctor, 0);
        var site = Sites().Add(hooks.SiteType, hooks.SiteFactory, TypeInitFunction, cctor.DeclaringType.FullName, SourceLocator.Member(cctor), file, line, 0);
        var first = body.Instructions[0];
        var end = il.Create(OpCodes.Ret);
        var handler = il.Create(OpCodes.Ldsfld, site);
        foreach (var ret in body.Instructions.Where(static i => i.OpCode == OpCodes.Ret).ToList())
        {
            ret.OpCode = OpCodes.Leave;
            ret.Operand = end;
        }

        il.Append(handler);
        il.Append(il.Create(OpCodes.Call, _module.ImportReference(hooks.Exit)));
        il.Append(il.Create(OpCodes.Endfinally));
        il.Append(end);
        il.InsertBefore(first, il.Create(OpCodes.Ldsfld, site));
        il.InsertBefore(first, il.Create(OpCodes.Call, _module.ImportReference(hooks.Enter)));

        // Appended last: an enclosing handler follows the ones it encloses, as ECMA-335 requires.
        body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = first,
            TryEnd = handler,
            HandlerStart = handler,
            HandlerEnd = end,
        });
    }

    private FieldDefinition InitializedFlag(TypeDefinition type)
    {
        if (!_initialized.TryGetValue(type, out var flag))
        {
            _typeInitFlags ??= NewType("TypeInit");
            flag = new FieldDefinition("t" + _typeInitFlags.Fields.Count, FieldAttributes.Assembly | FieldAttributes.Static, _module.TypeSystem.Boolean);
            _typeInitFlags.Fields.Add(flag);
            _initialized.Add(type, flag);
        }

        return flag;
    }
}
