using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Dept.Instrumentation.Rewriting;

// Async resumptions (#9): every MoveNext of an async state machine becomes
//   token = Hook.Enter(this.<>1__state); try { original body, each ret turned into leave } finally { Hook.Exit(token); } ret
// so each resumption after an await runs in its own Dept context, restored when it returns (it may run inline inside
// a completer's context). The state tells a resumption (>= 0) from the first, synchronous call (-1), which stays in
// its caller's context.
internal sealed partial class ModuleRewriter
{
    private const string AsyncStateMachine = "System.Runtime.CompilerServices.IAsyncStateMachine";

    /// <summary>Gets the async state machines whose MoveNext now runs through the resumption hook.</summary>
    public int Resumptions { get; private set; }

    private void HookResumptions(TypeDefinition type)
    {
        if (_catalog.ResumptionHook is not { } hook || !type.Interfaces.Any(i => i.InterfaceType.FullName == AsyncStateMachine))
        {
            return;
        }

        var moveNext = type.Methods.FirstOrDefault(m => m.Name == "MoveNext" && m.HasBody && !m.HasParameters && m.ReturnType.MetadataType == MetadataType.Void);
        if (moveNext is null || moveNext.Body.Instructions.Count == 0 || IsHooked(moveNext, hook.Enter))
        {
            return;
        }

        var body = moveNext.Body;
        body.SimplifyMacros();
        var il = body.GetILProcessor();
        var token = new VariableDefinition(_module.TypeSystem.Int32);
        body.Variables.Add(token);
        body.InitLocals = true;

        var first = body.Instructions[0];
        var end = il.Create(OpCodes.Ret);
        foreach (var ret in body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList())
        {
            ret.OpCode = OpCodes.Leave;
            ret.Operand = end;
        }

        var state = type.Fields.FirstOrDefault(f => f.Name == "<>1__state" && f.FieldType.MetadataType == MetadataType.Int32);
        var prologue = state is null
            ? new[] { il.Create(OpCodes.Ldc_I4_0) }
            : new[] { il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Ldfld, StateField(type, state)) };
        foreach (var instruction in prologue)
        {
            il.InsertBefore(first, instruction);
        }

        il.InsertBefore(first, il.Create(OpCodes.Call, _module.ImportReference(hook.Enter)));
        il.InsertBefore(first, il.Create(OpCodes.Stloc, token));

        var handler = il.Create(OpCodes.Ldloc, token);
        var last = body.Instructions[^1];
        if (last.OpCode != OpCodes.Leave && last.OpCode != OpCodes.Throw && last.OpCode != OpCodes.Rethrow && last.OpCode != OpCodes.Br)
        {
            il.Append(il.Create(OpCodes.Leave, end));
        }

        il.Append(handler);
        il.Append(il.Create(OpCodes.Call, _module.ImportReference(hook.Exit)));
        il.Append(il.Create(OpCodes.Endfinally));
        il.Append(end);
        body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = first,
            TryEnd = handler,
            HandlerStart = handler,
            HandlerEnd = end,
        });
        body.OptimizeMacros();
        Resumptions++;
    }

    private static bool IsHooked(MethodDefinition method, MethodDefinition enter) =>
        method.Body.Instructions.Take(4).Any(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference m
            && m.Name == enter.Name && m.DeclaringType.FullName == enter.DeclaringType.FullName);

    // A state machine of a generic method or type is itself generic: its field is referenced through the open instance.
    private static FieldReference StateField(TypeDefinition type, FieldDefinition field)
    {
        if (!type.HasGenericParameters)
        {
            return field;
        }

        var instance = new GenericInstanceType(type);
        foreach (var parameter in type.GenericParameters)
        {
            instance.GenericArguments.Add(parameter);
        }

        return new FieldReference(field.Name, field.FieldType, instance);
    }
}
