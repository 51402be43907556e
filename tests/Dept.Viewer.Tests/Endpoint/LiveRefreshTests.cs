using System.Text.Json;
using Dept.Core.Annotations;
using Dept.Core.Live;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

public sealed class LiveRefreshTests
{
    [Fact]
    public async Task Revision_ChangesWhenTheRunningEngineFindsANewCycle()
    {
        var engine = EngineGraphs.NewEngine();
        await using var endpoint = DeptEndpoint.Start(engine, new DeptEndpointOptions { Port = 0, SnapshotMaxAge = TimeSpan.Zero });
        using var client = EndpointClients.For(endpoint);
        async Task<JsonElement> Info() => JsonDocument.Parse(await client.GetStringAsync("/api/info")).RootElement.Clone();

        var before = await Info();
        Assert.Equal(0, before.GetProperty("reportCount").GetInt32());
        object a = new(), b = new();
        var t = new Thread(() =>
        {
            engine.Acquire(DeptKey.Named("Live.A"), a); engine.Acquire(DeptKey.Named("Live.B"), b); engine.Release(b); engine.Release(a);
            engine.Acquire(DeptKey.Named("Live.B"), b); engine.Acquire(DeptKey.Named("Live.A"), a); engine.Release(a); engine.Release(b);
        });
        t.Start();
        Assert.True(t.Join(TimeSpan.FromSeconds(30)));

        var after = await Info();
        Assert.NotEqual(before.GetProperty("revision").GetInt64(), after.GetProperty("revision").GetInt64());
        Assert.Equal(1, after.GetProperty("reportCount").GetInt32());
        Assert.Contains("Live.A", await client.GetStringAsync("/proc/dept_deps"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revision_ChangesWhenTheAttachFindsANewHang_ThoughNoEventArrived()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var tracker = HangGraphs.Tracker(clock);
        await using var endpoint = DeptEndpoint.Start(HangGraphs.Attach(tracker), new DeptEndpointOptions { Port = 0 });
        using var client = EndpointClients.For(endpoint);
        async Task<JsonElement> Info() => JsonDocument.Parse(await client.GetStringAsync("/api/info")).RootElement.Clone();

        // Thread 11 waits for a lock held by thread 22, which runs: no cycle, only the clock can make it a hang.
        tracker.Post(LiveEvent.LockWait(11, clock.GetUtcNow(), lockId: 0x2a, objectId: 0, owner: 22));
        var waiting = await Info();
        Assert.True(waiting.GetProperty("live").GetBoolean(), "an attach is live: the page polls it");
        Assert.Equal(0, waiting.GetProperty("hangCount").GetInt32());
        Assert.Equal(waiting.GetProperty("revision").GetInt64(), (await Info()).GetProperty("revision").GetInt64());

        clock.Advance(TimeSpan.FromSeconds(6));
        var hung = await Info();
        Assert.Equal(1, hung.GetProperty("hangCount").GetInt32());
        Assert.NotEqual(waiting.GetProperty("revision").GetInt64(), hung.GetProperty("revision").GetInt64());
        var hang = JsonDocument.Parse(await client.GetStringAsync("/api/hangs")).RootElement[0];
        Assert.Equal("thread 11", hang.GetProperty("thread").GetString());
        Assert.Equal("thread 22", hang.GetProperty("owner").GetString());
        Assert.Equal(6000, hang.GetProperty("waitedMs").GetInt64());
    }
}
