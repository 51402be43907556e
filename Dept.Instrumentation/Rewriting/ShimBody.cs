using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Emits a shim's IL. Without a Finalizer: <c>Prefix; [result =] original; Postfix; return result</c>. With one, as
/// Harmony: <c>try { Prefix; original; Postfix } catch (Exception e) { Finalizer(e); rethrow; } Finalizer(null)</c>.
/// Patch parameters are loaded by their bindings (addresses for <c>ref</c>, <c>ldobj</c> for by-ref sources, boxing
/// to <see cref="object"/>).
/// </summary>
internal sealed class ShimBody
{
    private readonly ModuleDefinition _module;
    private readonly MethodDefinition _shim;
    private readonly PatchTarget _target;
    private readonly ShimKind _kind;
    private readonly ILProcessor _il;
    private readonly int _receiver;
    private VariableDefinition? _result;
    private VariableDefinition? _state;
    private VariableDefinition? _exception;

    public ShimBody(ModuleDefinition module, MethodDefinition shim, PatchTarget target, ShimKind kind)
    {
        _module = module;
        _shim = shim;
        _target = target;
        _kind = kind;
        _il = shim.Body.GetILProcessor();
        _receiver = shim.Parameters.Count > 0 && shim.Parameters[0].Name == "__instance" ? 1 : 0;
    }

    public void Emit(MethodReference inner)
    {
        var body = _shim.Body;
        body.InitLocals = true;
        if (_shim.ReturnType.MetadataType != MetadataType.Void)
        {
            body.Variables.Add(_result = new VariableDefinition(_shim.ReturnType));
        }

        if (_target.StateType is not null)
        {
            body.Variables.Add(_state = new VariableDefinition(_module.ImportReference(_target.StateType)));
        }

        if (_target.Finalizer is null)
        {
            Core(inner);
        }
        else
        {
            var exceptionType = new TypeReference("System", "Exception", _module, _module.TypeSystem.CoreLibrary);
            body.Variables.Add(_exception = new VariableDefinition(exceptionType));
            var tryStart = _il.Create(OpCodes.Nop);
            _il.Append(tryStart);
            Core(inner);
            var after = _il.Create(OpCodes.Nop);
            _il.Emit(OpCodes.Leave, after);
            var handler = _il.Create(OpCodes.Stloc, _exception);
            _il.Append(handler);
            Call(_target.Finalizer);
            _il.Emit(OpCodes.Rethrow);
            _il.Append(after);
            Call(_target.Finalizer);
            body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Catch)
            {
                TryStart = tryStart,
                TryEnd = handler,
                HandlerStart = handler,
                HandlerEnd = after,
                CatchType = exceptionType,
            });
        }

        if (_result is not null)
        {
            _il.Emit(OpCodes.Ldloc, _result);
        }

        _il.Emit(OpCodes.Ret);
    }

    private void Core(MethodReference inner)
    {
        Call(_target.Prefix);
        var originalArgs = _shim.Parameters.Count - (_target.SiteType is null ? 0 : 1) - (_target.ContextType is null ? 0 : 1);
        for (var i = 0; i < originalArgs; i++)
        {
            _il.Emit(OpCodes.Ldarg, _shim.Parameters[i]);
        }

        _il.Emit(_kind switch { ShimKind.CallVirt => OpCodes.Callvirt, ShimKind.NewObj => OpCodes.Newobj, _ => OpCodes.Call }, inner);
        if (_result is not null)
        {
            _il.Emit(OpCodes.Stloc, _result);
        }

        Call(_target.Postfix);
    }

    private void Call(PatchMethod? patch)
    {
        if (patch is null)
        {
            return;
        }

        foreach (var binding in patch.Bindings)
        {
            Load(binding);
        }

        var method = _module.ImportReference(patch.Method);
        if (patch.Method.HasGenericParameters)
        {
            method = GenericMapper.Instantiate(method, _shim.GenericParameters.Cast<TypeReference>().ToList());
        }

        _il.Emit(OpCodes.Call, method);
    }

    private void Load(ParameterBinding binding)
    {
        switch (binding.Kind)
        {
            case BindingKind.Instance:
                LoadParameter(_shim.Parameters[0], binding);
                break;
            case BindingKind.Argument:
                LoadParameter(_shim.Parameters[binding.ArgumentIndex + _receiver], binding);
                break;
            case BindingKind.Result:
                LoadLocal(_result!, binding);
                break;
            case BindingKind.State:
                LoadLocal(_state!, binding);
                break;
            case BindingKind.Exception:
                _il.Emit(OpCodes.Ldloc, _exception!);
                break;
            case BindingKind.Site:
                _il.Emit(OpCodes.Ldarg, _shim.Parameters[_target.ContextType is null ? ^1 : ^2]);
                break;
            case BindingKind.Context:
                _il.Emit(OpCodes.Ldarg, _shim.Parameters[^1]); // already a reference to the caller's slot
                break;
        }
    }

    private void LoadParameter(ParameterDefinition parameter, ParameterBinding binding)
    {
        var isRef = parameter.ParameterType is ByReferenceType;
        var element = isRef ? ((ByReferenceType)parameter.ParameterType).ElementType : parameter.ParameterType;
        if (binding.ByRef)
        {
            _il.Emit(isRef ? OpCodes.Ldarg : OpCodes.Ldarga, parameter);
            return;
        }

        _il.Emit(OpCodes.Ldarg, parameter);
        if (isRef)
        {
            _il.Emit(OpCodes.Ldobj, element);
        }

        if (binding.ToObject)
        {
            _il.Emit(OpCodes.Box, element);
        }
    }

    private void LoadLocal(VariableDefinition local, ParameterBinding binding)
    {
        if (binding.ByRef)
        {
            _il.Emit(OpCodes.Ldloca, local);
            return;
        }

        _il.Emit(OpCodes.Ldloc, local);
        if (binding.ToObject)
        {
            _il.Emit(OpCodes.Box, local.VariableType);
        }
    }
}
