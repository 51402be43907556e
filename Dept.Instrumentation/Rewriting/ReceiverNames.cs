using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Names the field a call's first stack argument (the receiver, or <c>obj</c> of <c>Monitor.Enter</c>) was loaded
/// from, by a short backward walk over straight-line IL: <c>ldfld</c>/<c>ldsfld</c> directly, through a local
/// (<c>lock</c>'s temporary), a <c>dup</c>, or a simple property getter. The site carries it as
/// <c>DeptSite.Receiver</c> (<c>Accounts.Account._sync</c>), so the runtime can class locks by field (lockdep's lock
/// class per static lock, per struct member). Best effort: anything unclear yields no name.
/// </summary>
internal static class ReceiverNames
{
    private const int MaxHops = 4;

    public static string? FieldOf(Instruction call, MethodReference target)
    {
        if (call.OpCode == OpCodes.Ldftn || call.OpCode == OpCodes.Ldvirtftn)
        {
            return null;
        }

        var count = target.Parameters.Count + (target.HasThis && call.OpCode != OpCodes.Newobj ? 1 : 0);
        return count == 0 ? null : Describe(Producer(call, count), 0);
    }

    private static string? Describe(Instruction? producer, int hops)
    {
        if (producer is null || hops > MaxHops)
        {
            return null;
        }

        var op = producer.OpCode.Code;
        switch (op)
        {
            case Code.Ldfld or Code.Ldsfld or Code.Ldflda or Code.Ldsflda:
                var field = (FieldReference)producer.Operand;
                return field.Name.StartsWith('<') ? Hoisted(producer, field, hops) : Name(field);
            case Code.Dup:
                return Describe(Producer(producer, 1), hops + 1);
            case Code.Call or Code.Callvirt when producer.Operand is MethodReference { Name: var name, Parameters.Count: 0 } getter && name.StartsWith("get_", StringComparison.Ordinal):
                return GetterField(getter);
        }

        if (LocalIndex(producer) is { } index)
        {
            for (var i = producer.Previous; i is not null; i = i.Previous)
            {
                if (StoredIndex(i) == index)
                {
                    return Describe(Producer(i, 1), hops + 1);
                }
            }
        }

        return null;
    }

    /// <summary>A local hoisted into an async state machine (<c>&lt;&gt;s__1</c>, lock's temporary in a Debug build):
    /// name what was stored into it, earlier in the same MoveNext.</summary>
    private static string? Hoisted(Instruction load, FieldReference field, int hops)
    {
        for (var i = load.Previous; i is not null; i = i.Previous)
        {
            if (i.OpCode.Code is Code.Stfld or Code.Stsfld && i.Operand is FieldReference stored && stored.FullName == field.FullName)
            {
                return Describe(Producer(i, 1), hops + 1);
            }
        }

        return null;
    }

    private static string? GetterField(MethodReference getter)
    {
        // Only the module's own getters: a BCL getter's backing field (TaskCompletionSource._task) would lump every
        // instance of the type into one class; a call-site class separates them better.
        if (getter is not MethodDefinition { HasBody: true } definition || definition.Body.Instructions.Count > 8)
        {
            return null;
        }

        var ret = definition.Body.Instructions.LastOrDefault(i => i.OpCode == OpCodes.Ret);
        return ret?.Previous is { OpCode.Code: Code.Ldfld or Code.Ldsfld } load ? Name((FieldReference)load.Operand) : null;
    }

    private static string Name(FieldReference field)
    {
        var type = field.DeclaringType is GenericInstanceType git ? git.ElementType : field.DeclaringType;

        // Read like the source: a lambda's captured local or a state machine's field belongs to the type the user
        // wrote (not "<>c__DisplayClass8_0"), and an auto-property's backing field is the property.
        while (type.Name.StartsWith('<') && type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        var name = type.FullName.Replace('/', '.');
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var member = field.Name;
        const string backing = ">k__BackingField";
        if (member.StartsWith('<') && member.EndsWith(backing, StringComparison.Ordinal))
        {
            member = member[1..^backing.Length];
        }

        return (tick >= 0 ? name[..tick] : name) + "." + member;
    }

    /// <summary>The instruction that pushed the deepest of the <paramref name="count"/> values <paramref name="consumer"/> pops.</summary>
    private static Instruction? Producer(Instruction consumer, int count)
    {
        var need = count;
        for (var i = consumer.Previous; i is not null; i = i.Previous)
        {
            var flow = i.OpCode.FlowControl;
            if (flow is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw)
            {
                return null; // not straight-line code: give up rather than guess
            }

            var (pop, push) = StackEffect(i);
            if (pop < 0)
            {
                return null;
            }

            need -= push;
            if (need <= 0)
            {
                return i;
            }

            need += pop;
        }

        return null;
    }

    private static (int Pop, int Push) StackEffect(Instruction i)
    {
        var op = i.OpCode;
        int pop = op.StackBehaviourPop switch
        {
            StackBehaviour.Pop0 => 0,
            StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
            StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8
                or StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
            StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8
                or StackBehaviour.Popref_popi_popr4 or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
            StackBehaviour.Varpop when i.Operand is MethodReference m && op.Code != Code.Calli =>
                m.Parameters.Count + (m.HasThis && op.Code != Code.Newobj ? 1 : 0),
            _ => -1,
        };
        int push = op.StackBehaviourPush switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1_push1 => 2,
            StackBehaviour.Varpush when i.Operand is MethodReference m =>
                op.Code == Code.Newobj || m.ReturnType.MetadataType != MetadataType.Void ? 1 : 0,
            _ => 1,
        };
        return (pop, push);
    }

    private static int? LocalIndex(Instruction i) => i.OpCode.Code switch
    {
        Code.Ldloc_0 => 0,
        Code.Ldloc_1 => 1,
        Code.Ldloc_2 => 2,
        Code.Ldloc_3 => 3,
        Code.Ldloc_S or Code.Ldloc or Code.Ldloca or Code.Ldloca_S => ((VariableDefinition)i.Operand).Index,
        _ => null,
    };

    private static int? StoredIndex(Instruction i) => i.OpCode.Code switch
    {
        Code.Stloc_0 => 0,
        Code.Stloc_1 => 1,
        Code.Stloc_2 => 2,
        Code.Stloc_3 => 3,
        Code.Stloc_S or Code.Stloc => ((VariableDefinition)i.Operand).Index,
        _ => null,
    };
}
