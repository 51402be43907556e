using System.Net;
using Dept.Core.Tracking;
using Dept.Viewer.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dept.Viewer.Endpoint;

/// <summary>
/// The Dept HTTP endpoint: the viewer page, the JSON API, DEPT's <c>/proc</c> texts and Prometheus <c>/metrics</c>,
/// served by Kestrel inside the process (docs/reference/endpoints.md). Read-only; loopback unless told otherwise;
/// HTTPS when given a certificate, which a non-loopback address requires.
/// </summary>
/// <remarks>Thread-safe. Dispose it to stop serving and to remove the <c>Dept</c> meter.</remarks>
public sealed partial class DeptEndpoint : IDisposable, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DeptMetrics _metrics;
    private readonly ServerCertificate? _certificate;
    private readonly AccessToken _token;
    private int _stopped;

    private DeptEndpoint(WebApplication app, DeptMetrics metrics, ServerCertificate? certificate, Uri url, ResponseCache responses, AccessToken token)
    {
        _token = token;
        Responses = responses;
        _app = app;
        _metrics = metrics;
        _certificate = certificate;
        Url = url;
    }

    /// <summary>
    /// The base address, e.g. <c>http://127.0.0.1:5151/</c>, or <c>https://...</c> when a certificate is configured;
    /// the page is served there.
    /// </summary>
    public Uri Url { get; }

    /// <summary>
    /// The token every data request must carry (<c>X-Dept-Token</c> header, <c>Authorization: Bearer</c> or
    /// <c>?token=</c>): <see cref="DeptEndpointOptions.BearerToken"/> when configured, else a random one made for
    /// this endpoint (a DNS-rebinding and cross-site defence, #13). Give it only to whoever may read the graph.
    /// </summary>
    public string Token => _token.Value;

    /// <summary>True when <see cref="Token"/> was made for this run rather than configured.</summary>
    public bool TokenIsPerRun => _token.IsPerRun;

    /// <summary>
    /// The address that opens the page with its token, <c>http://127.0.0.1:5151/#token=...</c>: the fragment never
    /// reaches a server or its logs; the page reads it and sends it with every API call.
    /// </summary>
    public Uri PageUrl => new($"{Url}#token={Uri.EscapeDataString(_token.Value)}");

    /// <summary>The whole-graph responses (tests: how often each was rendered).</summary>
    internal ResponseCache Responses { get; }

    /// <summary>Serves a running engine. Returns once the endpoint listens.</summary>
    /// <param name="engine">The engine to show.</param>
    /// <param name="options">Where and how to listen; null for the defaults (127.0.0.1:5151).</param>
    /// <exception cref="DeptEndpointException">
    /// The options are invalid or refused, the certificate cannot be used (missing or unreadable file, wrong password,
    /// no private key, expired), or the port cannot be bound.
    /// </exception>
    public static DeptEndpoint Start(DeptEngine engine, DeptEndpointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        options ??= new DeptEndpointOptions();
        return Start(new EngineSource(engine, options.SnapshotMaxAge, options.TimeProvider), options);
    }

    internal static DeptEndpoint Start(IDeptSource source, DeptEndpointOptions? options)
    {
        options ??= new DeptEndpointOptions();
        var ip = options.Validate();
        var certificate = ServerCertificate.Load(options);
        try
        {
            return Start(source, options, ip, certificate);
        }
        catch
        {
            certificate?.Dispose();
            throw;
        }
    }

    private static DeptEndpoint Start(IDeptSource source, DeptEndpointOptions options, IPAddress ip, ServerCertificate? certificate)
    {
        // UseKestrelCore leaves out the https:// address and configuration-file machinery, not TLS itself:
        // ListenOptions.UseHttps enables what it needs (aspnetcore#47454).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "dept" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(ip, options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate.Certificate);
                }
            });
            // Kestrel's own hard limits sit above ours, so normal oversize requests get our JSON error first.
            k.Limits.MaxRequestLineSize = options.MaxUrlLength + 1024;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestBodySize = 0;
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var token = AccessToken.For(options);
        var guard = new RequestGuard(options, IPAddress.IsLoopback(ip), token);
        var responses = new ResponseCache(options.MaxConcurrentRenders, options.MaxQueuedRenders, options.MaxCachedResponseBytes);
        app.Use(guard.Invoke);
        app.UseRouting();
        PageAssets.Map(app);
        ApiRoutes.Map(app, source, responses);
        TextRoutes.Map(app, source, responses);
        app.MapFallback(ctx => throw new BadRequestException($"no route {ctx.Request.Path}; see /api/info and docs/reference/endpoints.md", 404));
        try
        {
            // Task.Run: never block on a captured synchronization context of the host application.
            Task.Run(() => app.StartAsync()).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Task.Run(() => app.DisposeAsync().AsTask()).GetAwaiter().GetResult();
            throw new DeptEndpointException($"could not listen on {ip}:{options.Port}: {ex.Message}", ex);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        var host = ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) ? "localhost" : bound.Host;
        var url = new UriBuilder(certificate is null ? "http" : "https", host, bound.Port, "/").Uri;
        return new DeptEndpoint(app, new DeptMetrics(source), certificate, url, responses, token);
    }

    /// <summary>Stops serving. Idempotent.</summary>
    public void Dispose() => Task.Run(() => DisposeAsync().AsTask()).GetAwaiter().GetResult();

    /// <summary>Stops serving. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _metrics.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate?.Dispose();
    }
}
