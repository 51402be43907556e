using System.Net;
using System.Text.Json;

namespace Dept.Viewer.Tests.Endpoint;

internal static class JsonAssert
{
    /// <summary>Asserts the status and that the body is a JSON error object naming the problem.</summary>
    public static async Task<string> Error(HttpResponseMessage response, HttpStatusCode status, string messagePart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(body);
        var error = doc.RootElement.GetProperty("error").GetString()!;
        Assert.Contains(messagePart, error, StringComparison.Ordinal);
        Assert.Equal((int)status, doc.RootElement.GetProperty("status").GetInt32());
        return error;
    }

    public static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
