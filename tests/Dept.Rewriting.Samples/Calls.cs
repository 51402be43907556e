namespace Dept.Rewriting.Samples;

/// <summary>Call sites of every shape: plain, lambda, async, generic, value-type receiver, method group, constructor.</summary>
public static class Calls
{
    private static readonly object s_gate = new();
    private static readonly Lock s_lock = new();

    private static object PropertyGate { get; } = new();

    public static int PropertyLock()
    {
        lock (PropertyGate)
        {
            return 3;
        }
    }

    public static int CapturedLock()
    {
        var captured = new object();
        Func<int> body = () =>
        {
            lock (captured)
            {
                return 5;
            }
        };
        return body();
    }

    public static int PlainLock()
    {
        lock (s_gate)
        {
            return 1;
        }
    }

#pragma warning disable SA1501, SA1107 // One line on purpose: calls sharing a line are the case under test.
    /// <summary>Two locks on one line: two call sites, told apart by their columns.</summary>
    public static int OneLineLocks(object a, object b) { lock (a) { lock (b) { return 4; } } }
#pragma warning restore SA1501, SA1107

    /// <summary>Two calls in one statement (one sequence point, so one column): told apart by their order.</summary>
    public static int OneStatementPasses(Gate gate) => gate.Pass(1) + gate.Pass(2);

    /// <summary>Two nested monitors: one lock-order edge, the same on every call (the benchmark's known edge).</summary>
    public static int NestedLock(object outer, object inner)
    {
        lock (outer)
        {
            lock (inner)
            {
                return 3;
            }
        }
    }

    public static int ScopedLock()
    {
        lock (s_lock)
        {
            return 2;
        }
    }

    // No JIT optimization here: a Release tail call would drop this frame from the stack trace the PDB test reads.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoOptimization)]
    public static int Pass(Gate gate, int count) => gate.Pass(count);

    public static int PassInLambda(Gate gate)
    {
        var offset = 3;
        Func<int> f = () => gate.Pass(offset);
        return f();
    }

    public static async Task<int> PassAfterAwaitAsync(Gate gate)
    {
        await Task.Yield();
        return gate.Pass(5);
    }

    public static T SetInGeneric<T>(Box<T> box, T value)
    {
        box.Set(value);
        return box.Value!;
    }

    public static int SetInt(Box<int> box)
    {
        box.Set(42);
        return box.Value;
    }

    public static int UseToken()
    {
        var token = new Token();
        token.Use();
        token.Use();
        return token.Uses;
    }

    public static int PingGroup(Gate gate)
    {
        Action ping = gate.Ping;
        ping();
        return gate.Passes;
    }

    public static string RunVirtual(Worker worker) => worker.Run();

    public static Func<string> RunGroup(Worker worker) => worker.Run;

    public static Gate NewGate() => new();

    public static string EchoGeneric(Gate gate) => gate.Echo("echo") + gate.Echo(7);

    public static bool SignalAndWaitIfAsked(bool ask, WaitHandle a, WaitHandle b) => ask && WaitHandle.SignalAndWait(a, b);

    /// <summary>Two nested <c>lock (Lock)</c> scopes: the <see cref="Lock"/> form of <see cref="NestedLock"/> (the benchmark's known edge).</summary>
    public static int NestedScopedLock(Lock outer, Lock inner)
    {
        lock (outer)
        {
            lock (inner)
            {
                return 4;
            }
        }
    }
}
