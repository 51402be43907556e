using System.Globalization;
using Dept.Viewer.Model;
using Microsoft.AspNetCore.Http;

namespace Dept.Viewer.Endpoint;

/// <summary>Typed reads of query-string parameters; a malformed value is a 400 naming the parameter.</summary>
internal static class QueryParameters
{
    public static string? String(HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    public static int Int(HttpContext context, string name, int fallback, int min, int max)
    {
        var raw = String(context, name);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new BadRequestException($"query parameter '{name}' must be an integer in {min}..{max}, got '{raw}'");
        }

        return value;
    }

    public static bool Bool(HttpContext context, string name)
    {
        var raw = String(context, name);
        return raw switch
        {
            null or "0" or "false" => false,
            "1" or "true" => true,
            _ => throw new BadRequestException($"query parameter '{name}' must be true or false, got '{raw}'"),
        };
    }

    public static TimeoutFilter Timeout(HttpContext context)
    {
        var raw = String(context, "timeout");
        return raw switch
        {
            null or "all" => TimeoutFilter.All,
            "exclude" => TimeoutFilter.Exclude,
            "only" => TimeoutFilter.Only,
            _ => throw new BadRequestException($"query parameter 'timeout' must be all, exclude or only, got '{raw}'"),
        };
    }
}
