using System.Reflection;
using System.Text;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// The manifest a rewritten module carries as the embedded resource <see cref="ResourceName"/>: every instrumented
/// site and every call to an API Dept cannot follow. The runtime summary reads it from the loaded assemblies to list
/// uninstrumented calls. Format: a <see cref="Header"/> line, then one tab-separated line per call
/// (<c>instrumented|uninstrumented, api, reason, member, file, line, ilOffset</c>).
/// </summary>
public static class DeptRewriteManifest
{
    /// <summary>The manifest resource name.</summary>
    public const string ResourceName = "Dept.Rewrite.manifest";

    /// <summary>The first line of the manifest (format version).</summary>
    public const string Header = "dept.rewrite/1";

    /// <summary>Reads the manifest of one assembly; empty when it was not rewritten.</summary>
    /// <remarks>Thread-safe; never throws on a malformed manifest (bad lines are skipped).</remarks>
    public static IReadOnlyList<DeptRewrittenCall> Read(Assembly assembly)
    {
        try
        {
            using var stream = assembly.GetManifestResourceStream(ResourceName);
            return stream is null ? [] : Parse(new StreamReader(stream, Encoding.UTF8).ReadToEnd());
        }
        catch (Exception ex) when (ex is NotSupportedException or IOException or FileLoadException)
        {
            return [];
        }
    }

    /// <summary>Reads the manifests of every assembly loaded in this process (any load context).</summary>
    public static IReadOnlyList<DeptRewrittenCall> ReadLoaded() =>
        AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic).SelectMany(Read).ToList();

    /// <summary>Parses manifest text.</summary>
    public static IReadOnlyList<DeptRewrittenCall> Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            return [];
        }

        var calls = new List<DeptRewrittenCall>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.TrimEnd('\r').Split('\t');
            if (f.Length == 7 && int.TryParse(f[5], out var number) && int.TryParse(f[6], out var offset))
            {
                calls.Add(new DeptRewrittenCall(f[0] == "instrumented", f[1], f[2], f[3], f[4], number, offset));
            }
        }

        return calls;
    }

    /// <summary>Formats calls as manifest text.</summary>
    public static string Format(IEnumerable<DeptRewrittenCall> calls)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var c in calls)
        {
            text.Append(c.Instrumented ? "instrumented" : "uninstrumented").Append('\t')
                .Append(Clean(c.Api)).Append('\t').Append(Clean(c.Reason)).Append('\t').Append(Clean(c.Member)).Append('\t')
                .Append(Clean(c.File)).Append('\t').Append(c.Line).Append('\t').Append(c.IlOffset).Append('\n');
        }

        return text.ToString();
    }

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
