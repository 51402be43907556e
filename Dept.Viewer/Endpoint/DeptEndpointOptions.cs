using System.Security.Cryptography.X509Certificates;

namespace Dept.Viewer.Endpoint;

/// <summary>Options of the Dept HTTP endpoint (docs/reference/endpoints.md). Validated once by <see cref="DeptEndpoint"/>.</summary>
/// <remarks>Not thread-safe: fill it in, then hand it to <see cref="DeptEndpoint.Start(Dept.Core.Tracking.DeptEngine, DeptEndpointOptions?)"/>.</remarks>
public sealed partial class DeptEndpointOptions
{
    /// <summary>Shortest bearer token accepted.</summary>
    public const int MinTokenLength = 16;

    /// <summary>The address bound unless told otherwise: IPv4 loopback.</summary>
    internal const string DefaultAddress = "127.0.0.1";

    /// <summary>The address to bind.</summary>
    /// <value>
    /// Defaults to <c>127.0.0.1</c>. Any non-loopback address also needs <see cref="AllowRemote"/>, a
    /// <see cref="BearerToken"/> and a certificate (or <see cref="AllowInsecureRemote"/>).
    /// </value>
    public string Address { get; set; } = DefaultAddress;

    /// <summary>The TCP port.</summary>
    /// <value>Defaults to 5151; 0 picks a free port (read it back from <see cref="DeptEndpoint.Url"/>).</value>
    public int Port { get; set; } = 5151;

    /// <summary>Must be set to bind anything but a loopback address: the graph shows source paths and stacks.</summary>
    /// <value>Defaults to false.</value>
    public bool AllowRemote { get; set; }

    /// <summary>
    /// When set, every data route needs <c>Authorization: Bearer &lt;token&gt;</c>; the page itself (HTML, JS, CSS) carries no
    /// data and is served without it (it reads the token from its URL fragment <c>#token=...</c>).
    /// </summary>
    /// <value>Defaults to null (no token). Required, at least 16 characters, when <see cref="AllowRemote"/> is used.</value>
    public string? BearerToken { get; set; }

    /// <summary>
    /// The server certificate file; when set the endpoint speaks HTTPS only. Either a PKCS#12 file (<c>.pfx</c>,
    /// <c>.p12</c>, protected by <see cref="CertificatePassword"/>) or a PEM certificate whose private key is in the
    /// same file or in <see cref="CertificateKeyPath"/>. The certificate must have its private key and be within its
    /// validity period; it is read once, by <c>Start</c>.
    /// </summary>
    /// <value>Defaults to null (plain HTTP unless <see cref="Certificate"/> is set).</value>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>, when it is not in the certificate file itself.</summary>
    /// <value>Defaults to null.</value>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="CertificatePath"/>, or of an encrypted PEM private key.</summary>
    /// <value>Defaults to null (no password).</value>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// A server certificate already loaded (e.g. from a certificate store), instead of <see cref="CertificatePath"/>.
    /// It must have its private key. The endpoint does not dispose it.
    /// </summary>
    /// <value>Defaults to null.</value>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// Allows a non-loopback address over plain HTTP, without a certificate: the bearer token and the graph then
    /// cross the network in clear text. Only for a TLS-terminating reverse proxy or tunnel in front of the endpoint.
    /// </summary>
    /// <value>Defaults to false: a non-loopback address needs a certificate.</value>
    public bool AllowInsecureRemote { get; set; }

    /// <summary>Longest accepted path + query, in characters; longer requests get 414 with a JSON error.</summary>
    /// <value>Defaults to 4096.</value>
    public int MaxUrlLength { get; set; } = 4096;

    /// <summary>
    /// How many whole-graph responses (<c>/api/graph</c>, <c>/api/export/*</c>, <c>/proc/dept_deps</c>,
    /// <c>/proc/dept_reports</c>) are rendered at once. Each is rendered once per graph revision and served from
    /// memory to every client asking for it meanwhile.
    /// </summary>
    /// <value>Defaults to 1: rendering a large graph is CPU- and memory-bound, so doing two at once only adds memory.</value>
    public int MaxConcurrentRenders { get; set; } = 1;

    /// <summary>How many further renders may wait for <see cref="MaxConcurrentRenders"/>; beyond it the request gets 503.</summary>
    /// <value>Defaults to 8.</value>
    public int MaxQueuedRenders { get; set; } = 8;

    /// <summary>
    /// How many bytes of finished whole-graph responses of the current graph revision are kept, in all, to answer
    /// later requests without rendering again; the least recently asked is dropped first, and a response larger than
    /// this is only streamed to the clients already reading it.
    /// </summary>
    /// <value>Defaults to 256 MiB; 0 keeps nothing (every request after a rendering finished renders again).</value>
    public long MaxCachedResponseBytes { get; set; } = 256L << 20;

    /// <summary>How long a snapshot of a live engine is reused before the next request takes a fresh one.</summary>
    /// <value>Defaults to 500 ms.</value>
    public TimeSpan SnapshotMaxAge { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The clock: snapshot ages and the certificate's validity period are measured with it.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>True when the endpoint will serve HTTPS (a certificate is configured).</summary>
    internal bool UsesTls => CertificatePath is not null || Certificate is not null;
}
