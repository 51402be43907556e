using Dept.Viewer.Endpoint;

namespace Dept.Viewer.Attach;

/// <summary>What <c>dept attach</c> does (#6); the CLI fills it from its options, tests directly.</summary>
internal sealed class AttachOptions
{
    /// <summary>The process to observe.</summary>
    public int ProcessId { get; set; }

    /// <summary>Stop after this long; null runs until Ctrl+C or until the target exits.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>A wait longer than this is listed as a hang (5 s).</summary>
    public TimeSpan HangThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the EventPipe session is handed over to a fresh one, which flushes the events TraceEvent holds
    /// back (250 ms). Shorter reports sooner and costs the target a session start each time.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the graph is checked (50 ms).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Where to write the <c>dept.report/2</c> document (mode Actual) at the end; null for none.</summary>
    public string? JsonPath { get; set; }

    /// <summary>Serve the live graph and reports in the viewer while attached.</summary>
    public bool Serve { get; set; }

    /// <summary>
    /// The viewer endpoint when <see cref="Serve"/> is set: port (5151; 0 picks a free one), address, remote access and
    /// token (<c>--address</c>, <c>--allow-remote</c>, <c>--token</c>, <c>--allow-insecure-remote</c>) and certificate
    /// (<c>--certificate</c>: HTTPS); validated by the endpoint's own rules in <see cref="Problem"/>, before the attach.
    /// </summary>
    public DeptEndpointOptions Endpoint { get; set; } = new();

    /// <summary>True when <see cref="Endpoint"/>'s token came from <c>DEPT_ENDPOINT_TOKEN</c>: it is then never printed.</summary>
    public bool TokenFromEnvironment { get; set; }

    /// <summary>
    /// Use ClrMD snapshots (each suspends the target briefly and needs ptrace): one at the start finds lock waits
    /// already in progress, one per deadlock reads the blocked threads' stacks.
    /// </summary>
    public bool UseClrMd { get; set; } = true;

    /// <summary>
    /// The confirmation delay: a stop that dissolves a cycle can arrive one flush interval late, plus the hand-over.
    /// </summary>
    public TimeSpan ConfirmAfter => FlushInterval + TimeSpan.FromMilliseconds(200);

    /// <summary>Returns the first problem with these options, or null.</summary>
    public string? Problem() => OptionProblem() ?? JsonProblem() ?? (Serve ? EndpointProblem() : null);

    // --json is checked before the attach (#13): an unwritable target must not be found out after the whole observation.
    private string? JsonProblem()
    {
        if (JsonPath is null)
        {
            return null;
        }

        try
        {
            Core.Files.OutputFile.Check(JsonPath);
            return null;
        }
        catch (IOException ex)
        {
            return $"--json: {ex.Message}";
        }
    }

    private string? OptionProblem() => this switch
    {
        { ProcessId: <= 0 } => $"--pid must be a positive process id (got {ProcessId})",
        { Duration: { } d } when d <= TimeSpan.Zero => "--duration must be positive",
        { HangThreshold: var h } when h <= TimeSpan.Zero => "--hang-threshold must be positive",
        { FlushInterval: var f } when f < TimeSpan.FromMilliseconds(50) => "--flush-interval must be at least 50 ms",
        { Endpoint.Port: < 0 or > 65535 } => $"--port must be between 0 and 65535 (got {Endpoint.Port})",
        { Serve: false, Endpoint: { CertificatePath: not null } or { CertificateKeyPath: not null } or { CertificatePassword: not null } }
            => "--certificate, --certificate-key and --certificate-password need --serve",
        { Serve: false } when Endpoint is { AllowRemote: true } or { AllowInsecureRemote: true } or { BearerToken: not null }
                || Endpoint.Address != DeptEndpointOptions.DefaultAddress
            => "--address, --allow-remote, --token and --allow-insecure-remote need --serve",
        _ => null,
    };

    // The endpoint's own validation (the one place its policy lives), run before the attach rather than after it, so a
    // refused address, a short token or an unusable certificate fails at once and nothing is attached or served. The
    // certificate is loaded here once to check it and again by DeptEndpoint.Start, which owns the one it serves with.
    private string? EndpointProblem()
    {
        try
        {
            Endpoint.Validate();
            if (Serve)
            {
                using var certificate = ServerCertificate.Load(Endpoint);
            }

            return null;
        }
        catch (DeptEndpointException ex)
        {
            return ex.Message;
        }
    }
}
