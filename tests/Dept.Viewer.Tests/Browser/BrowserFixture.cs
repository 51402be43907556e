using Microsoft.Playwright;

namespace Dept.Viewer.Tests.Browser;

/// <summary>
/// Playwright driving Debian's chromium (browsers cannot be downloaded here). A missing chromium fails the tests with
/// a clear message instead of skipping them: the viewer must be tested in a real browser.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] s_flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _chromiumPath;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _failure;

    public BrowserFixture()
        : this(ChromiumPath)
    {
    }

    internal BrowserFixture(string chromiumPath) => _chromiumPath = chromiumPath;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(_failure);

    /// <summary>Where screenshots go: under the test output folder, kept as test artifacts.</summary>
    public static string ArtifactDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(_chromiumPath))
        {
            _failure = $"chromium not found at {_chromiumPath}: the viewer's browser tests need Debian's chromium " +
                "(apt-get install -y chromium; .ci/run installs it). These tests fail rather than skip without it.";
            return;
        }

        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = _chromiumPath,
                Headless = true,
                Args = s_flags,
                Timeout = 60_000,
            });
        }
        catch (Exception ex)
        {
            _failure = $"could not start {_chromiumPath} through Playwright: {ex.Message}";
        }
    }

    /// <summary>A fresh page with bounded waits (every Playwright action times out after 30 s).</summary>
    public async Task<IPage> NewPage()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
