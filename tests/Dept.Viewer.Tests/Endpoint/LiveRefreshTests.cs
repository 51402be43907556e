using System.Text.Json;
using Dept.Core.Annotations;
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
        using var client = new HttpClient { BaseAddress = endpoint.Url, Timeout = TimeSpan.FromSeconds(30) };
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
}
