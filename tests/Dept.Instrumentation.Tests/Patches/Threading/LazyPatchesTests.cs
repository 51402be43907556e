using Dept.Core.Annotations;
using Dept.Instrumentation.Patches.Threading;

namespace Dept.Instrumentation.Tests.Patches.Threading;

/// <summary>Lazy&lt;T&gt; (#10): a lock for the factory's duration only when the mode locks and no value exists yet.</summary>
[Collection(EngineCollection.Name)]
public sealed class LazyPatchesTests
{
    private static readonly DeptSite s_value = PatchEngine.Site("Lazy.Value(Orders.Settings._values)");
    private static readonly DeptSite s_lockStore = PatchEngine.Site("Monitor.Enter(Orders.Store._sync)");
    private static readonly DeptSite s_unlockStore = PatchEngine.Site("Monitor.Exit(Orders.Store._sync)");

    [Fact]
    public void ExecutionAndPublication_FactoryWaits_DependOnTheLazy()
    {
        using var dept = new PatchEngine();
        var store = new object();
        var lazy = new Lazy<int>(() => Load(store));

        Assert.Equal(1, Value(lazy));
        Assert.Equal(1, Value(lazy)); // created: nothing more

        Assert.Equal(["Orders.Settings._values -> Orders.Store._sync"], dept.Edges());
        Assert.Equal(2, dept.Waits); // the first .Value's and the factory's lock
    }

    [Theory]
    [InlineData(LazyThreadSafetyMode.PublicationOnly)]
    [InlineData(LazyThreadSafetyMode.None)]
    public void ModesWithoutLock_RecordNothing(LazyThreadSafetyMode mode)
    {
        using var dept = new PatchEngine();
        var store = new object();
        var lazy = new Lazy<int>(() => Load(store), mode);

        Assert.Equal(1, Value(lazy));

        Assert.Empty(dept.Edges());
        Assert.Equal(1, dept.Waits); // only the factory's lock
    }

    [Fact]
    public void FactoryThrows_ContextClosedByFinalizer()
    {
        using var dept = new PatchEngine();
        var store = new object();
        var lazy = new Lazy<int>(static () => throw new InvalidOperationException("no settings"));

        Assert.Throws<InvalidOperationException>(() => Value(lazy));
        MonitorPatchesTests.Lock(store, s_lockStore);
        MonitorPatchesTests.Unlock(store, s_unlockStore);

        Assert.Empty(dept.Edges()); // the store lock is not under the lazy's context any more
    }

    /// <summary>What the generated shim does: Prefix; try { original } finally-like Finalizer.</summary>
    private static int Value(Lazy<int> lazy)
    {
        LazyPatches.Value.Prefix(lazy, s_value, out var state);
        try
        {
            return lazy.Value;
        }
        finally
        {
            LazyPatches.Value.Finalizer(lazy, state, s_value);
        }
    }

    private static int Load(object store)
    {
        MonitorPatchesTests.Lock(store, s_lockStore);
        MonitorPatchesTests.Unlock(store, s_unlockStore);
        return 1;
    }
}
