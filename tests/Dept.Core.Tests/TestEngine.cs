using Dept.Core.Annotations;
using Dept.Core.Options;
using Dept.Core.Reports;
using Dept.Core.Tracking;

namespace Dept.Core.Tests;

/// <summary>A private engine with a collecting reporter, and helpers that read like DEPT's unit tests.</summary>
internal sealed class TestEngine
{
    public TestEngine(Action<DeptOptions>? configure = null)
    {
        var options = new DeptOptions { CaptureStacks = false };
        options.Reporters.Add(Collector);
        configure?.Invoke(options);
        Engine = new DeptEngine(options);
    }

    public CollectingReporter Collector { get; } = new();

    public DeptEngine Engine { get; }

    public IReadOnlyList<DeptReport> Reports => Collector.Reports;

    public static DeptSite Site(string function, int line, string file = "Test.cs", string member = "Tests.Method")
        => DeptSite.Create(function, member, "/src/" + file, line);

    public void Lock(DeptKey key, object instance, int line = 1, DeptLockMode mode = DeptLockMode.Exclusive, DeptLockFlags flags = DeptLockFlags.None, int nest = 0)
        => Engine.Acquire(key, instance, Site("lock", line), mode, flags, 0, nest);

    public void Unlock(object instance, int line = 2) => Engine.Release(instance, Site("unlock", line));

    /// <summary>Runs <paramref name="action"/> on a new thread and waits for it (bounded).</summary>
    public static void OnThread(Action action, string? name = null)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }) { Name = name, IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the test thread did not finish within 30 s");
        if (failure is not null)
        {
            throw new InvalidOperationException("test thread failed", failure);
        }
    }
}
