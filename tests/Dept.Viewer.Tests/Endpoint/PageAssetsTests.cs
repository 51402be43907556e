using System.Net;
using System.Text.RegularExpressions;
using Dept.Viewer.Tests.Support;

namespace Dept.Viewer.Tests.Endpoint;

public sealed partial class PageAssetsTests(EndpointFixture fixture) : IClassFixture<EndpointFixture>
{
    [Fact]
    public async Task Page_AndEveryAssetItReferences_AreServedFromTheAssembly()
    {
        using var page = await fixture.Client.GetAsync("/");
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        // "data:," is the empty inline favicon (keeps the browser from asking for /favicon.ico).
        var refs = AssetReference().Matches(html).Select(m => m.Groups[1].Value).Where(r => r != "data:,").ToList();
        Assert.Contains("assets/viewer.js", refs);
        Assert.Contains("assets/viewer.css", refs);
        foreach (var r in refs)
        {
            Assert.StartsWith("assets/", r, StringComparison.Ordinal);
            using var asset = await fixture.Client.GetAsync("/" + r);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }
    }

    [Fact]
    public async Task Assets_LoadNothingFromTheNetwork()
    {
        // Offline: no CDN, no remote fonts; the only absolute URL allowed is the SVG namespace.
        foreach (var file in new[] { "/", "/assets/viewer.js", "/assets/graph-view.js", "/assets/overview.js", "/assets/dagre.min.js", "/assets/dagre.LICENSE.txt", "/assets/model.js", "/assets/report-adapter.js", "/assets/viewer.css" })
        {
            var text = await fixture.Client.GetStringAsync(file);
            var urls = AbsoluteUrl().Matches(text).Select(m => m.Value).Where(u => u != "http://www.w3.org/2000/svg").ToList();
            Assert.True(urls.Count == 0, $"{file} references {string.Join(", ", urls)}");
        }
    }

    [Fact]
    public async Task UnknownAsset_Is404Json() =>
        await JsonAssert.Error(await fixture.Client.GetAsync("/assets/nope.js"), HttpStatusCode.NotFound, "no page asset 'nope.js'");

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex("(?:https?:)?//[a-zA-Z0-9.-]+\\.[a-z]{2,}[^\"' )]*")]
    private static partial Regex AbsoluteUrl();
}
