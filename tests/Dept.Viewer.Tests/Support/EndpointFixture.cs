using Dept.Core.Tracking;
using Dept.Viewer.Endpoint;

namespace Dept.Viewer.Tests.Support;

/// <summary>A live endpoint on a free loopback port serving <see cref="EngineGraphs.KnownCycles"/>, shared by a test class.</summary>
public sealed class EndpointFixture : IDisposable
{
    public EndpointFixture()
    {
        Engine = EngineGraphs.KnownCycles();
        Endpoint = DeptEndpoint.Start(Engine, new DeptEndpointOptions { Port = 0 });
        Client = EndpointClients.For(Endpoint);
    }

    internal DeptEngine Engine { get; }

    public DeptEndpoint Endpoint { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Endpoint.Dispose();
    }
}
