using System.Text.Json;
using Dept.Viewer.Endpoint;
using Dept.Viewer.Sources;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

public sealed class HangRoutesTests : IAsyncLifetime
{
    private DeptEndpoint? _endpoint;
    private HttpClient? _client;

    public Task InitializeAsync()
    {
        var source = new DocumentSource(HangGraphs.Document(EngineGraphs.KnownCycles()), "attach.json");
        _endpoint = DeptEndpoint.Start(source, new DeptEndpointOptions { Port = 0 });
        _client = EndpointClients.For(_endpoint);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await _endpoint!.DisposeAsync();
    }

    private async Task<JsonElement> Get(string url) => await JsonAssert.Ok(await _client!.GetAsync(url));

    [Fact]
    public async Task Hangs_ListsEachHangWithThreadWaitOwnerDurationAndStack()
    {
        var hangs = (await Get("/api/hangs")).EnumerateArray().ToList();
        Assert.Equal(2, hangs.Count);
        var lockHang = hangs[0];
        Assert.Equal(HangGraphs.LockThread, lockHang.GetProperty("thread").GetString());
        Assert.Equal(HangGraphs.LockWaitingOn, lockHang.GetProperty("waitingOn").GetString());
        Assert.Equal("thread 13", lockHang.GetProperty("owner").GetString());
        Assert.Equal(6200, lockHang.GetProperty("waitedMs").GetInt64());
        Assert.Equal(HangGraphs.UserFrame, lockHang.GetProperty("stack")[1].GetString());
        var handleHang = hangs[1];
        Assert.Equal(JsonValueKind.Null, handleHang.GetProperty("owner").ValueKind);
        Assert.Equal(350, handleHang.GetProperty("waitedMs").GetInt64());
        Assert.Equal(0, handleHang.GetProperty("stack").GetArrayLength());
    }

    [Fact]
    public async Task InfoAndGraph_CountAndCarryTheHangs_NextToTheCycles()
    {
        var info = await Get("/api/info");
        Assert.Equal(2, info.GetProperty("hangCount").GetInt32());
        Assert.Equal(3, info.GetProperty("reportCount").GetInt32());
        Assert.Equal("actual", info.GetProperty("mode").GetString());
        Assert.False(info.GetProperty("live").GetBoolean()); // A saved report does not change: nothing to poll.
        var graph = await Get("/api/graph");
        Assert.Equal(HangGraphs.HandleWaitingOn, graph.GetProperty("hangs")[1].GetProperty("waitingOn").GetString());
        Assert.Equal(2, graph.GetProperty("info").GetProperty("hangCount").GetInt32());
    }

    [Fact]
    public async Task InstrumentationRun_HasNoHangs()
    {
        using var fixture = new EndpointFixture();
        var hangs = await JsonAssert.Ok(await fixture.Client.GetAsync("/api/hangs"));
        Assert.Equal(JsonValueKind.Array, hangs.ValueKind);
        Assert.Equal(0, hangs.GetArrayLength());
        var info = await JsonAssert.Ok(await fixture.Client.GetAsync("/api/info"));
        Assert.Equal(0, info.GetProperty("hangCount").GetInt32());
        Assert.True(info.GetProperty("live").GetBoolean());
    }
}
