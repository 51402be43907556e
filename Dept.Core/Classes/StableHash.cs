using System.Text;

namespace Dept.Core.Classes;

/// <summary>FNV-1a over UTF-8: stable across processes and runtimes, unlike <see cref="string.GetHashCode()"/>.</summary>
internal static class StableHash
{
    public static ulong Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    public static string Hex(ulong value) => value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
