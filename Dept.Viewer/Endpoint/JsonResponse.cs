using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Endpoint;

/// <summary>Writes JSON bodies straight into the response pipe with <see cref="Utf8JsonWriter"/> (no reflection serializer).</summary>
internal static class JsonResponse
{
    /// <summary>Writes a JSON body with <paramref name="status"/>.</summary>
    public static async Task Write(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        using (var w = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            body(w);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes <c>{"error": message, "status": status}</c>.</summary>
    public static Task Error(HttpContext context, int status, string message) => Write(context, status, w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteNumber("status", status);
        w.WriteEndObject();
    });
}
