using Dept.Viewer.Endpoint;
using Dept.Viewer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dept.Viewer.Tests.Browser;

/// <summary>The page over HTTPS with a bearer token: the remote set-up the endpoint's policy asks for.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HttpsPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Page_OverHttpsWithTokenInTheFragment_ListsTheKnownCycles()
    {
        const string token = "0123456789abcdef-page-token";
        using var files = new TestCertificates();
        using var certificate = TestCertificates.Valid();
        await using var endpoint = DeptEndpoint.Start(EngineGraphs.KnownCycles(), new DeptEndpointOptions
        {
            Port = 0,
            BearerToken = token,
            CertificatePath = files.Pfx(certificate),
            CertificatePassword = TestCertificates.Password,
        });
        // The certificate is self-signed: this context accepts it (the HttpClient tests pin it instead).
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        });
        var tab = await context.NewPageAsync();
        tab.SetDefaultTimeout(30_000);
        var page = new PageDriver(tab, output);

        await page.Open(new Uri(endpoint.Url, "/#token=" + token));

        Assert.Equal("https:", await tab.EvaluateAsync<string>("location.protocol"));
        Assert.Equal(3, (await page.CycleHeads()).Count);
        page.AssertNoScriptErrors();
        await context.CloseAsync();
    }
}
