using System.Text.Json;
using System.Text.Json.Nodes;
using Dept.Instrumentation.Rewriting;
using Dept.Instrumentation.Runtime;

namespace Dept.Viewer.Cli;

/// <summary>
/// Makes a built application that <c>dept rewrite</c> rewrote in place start as is (#14): its rewritten code calls
/// Dept.Instrumentation and Dept.Core, which the app's folder may not hold and its <c>*.deps.json</c> does not list
/// (the host then refuses to load them). Copies both beside the app and adds them to every deps file there. A
/// folder without a deps file (MSBuild's <c>obj/</c>) is left alone: the build references them itself.
/// </summary>
internal static class AppDeployment
{
    private static readonly string[] s_runtime = ["Dept.Core", "Dept.Instrumentation"];

    /// <summary>Deploys the runtime into each folder of a rewritten result; returns one line per folder changed.</summary>
    /// <exception cref="IOException">A file could not be copied or a deps file written.</exception>
    /// <exception cref="InvalidDataException">A deps file is not the JSON the .NET host reads.</exception>
    public static IReadOnlyList<string> Deploy(IEnumerable<DeptRewriteResult> results)
    {
        var lines = new List<string>();
        var folders = results
            .Where(static r => r.Outcome is DeptRewriteOutcome.Rewritten or DeptRewriteOutcome.AlreadyRewritten)
            .Select(static r => Path.GetDirectoryName(Path.GetFullPath(r.Output))!)
            .Distinct(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var depsFiles = Directory.GetFiles(folder, "*.deps.json");
            if (depsFiles.Length == 0)
            {
                continue;
            }

            var copied = CopyRuntime(folder);
            var listed = depsFiles.Where(AddRuntime).Select(Path.GetFileName).ToList();
            if (copied.Count + listed.Count > 0)
            {
                lines.Add($"dept rewrite: {folder}: {Describe(copied, listed)}");
            }
        }

        return lines;
    }

    private static string Describe(List<string> copied, List<string?> listed)
    {
        var parts = new List<string>();
        if (copied.Count > 0)
        {
            parts.Add("copied " + string.Join(", ", copied));
        }

        if (listed.Count > 0)
        {
            parts.Add("listed Dept.Core, Dept.Instrumentation in " + string.Join(", ", listed));
        }

        return string.Join("; ", parts);
    }

    /// <summary>The runtime assemblies come from the CLI's own folder (the tool package or the repository's bin).</summary>
    private static List<string> CopyRuntime(string folder)
    {
        var source = Path.GetDirectoryName(typeof(DeptInstrumentedRun).Assembly.Location)!;
        var copied = new List<string>();
        foreach (var name in s_runtime)
        {
            var target = Path.Combine(folder, name + ".dll");
            if (File.Exists(target))
            {
                continue; // the app references Dept itself: its copy is the one its deps file lists
            }

            File.Copy(Path.Combine(source, name + ".dll"), target);
            var pdb = Path.Combine(source, name + ".pdb");
            if (File.Exists(pdb))
            {
                File.Copy(pdb, Path.ChangeExtension(target, ".pdb"), overwrite: true);
            }

            copied.Add(name + ".dll");
        }

        return copied;
    }

    /// <summary>Adds Dept.Core and Dept.Instrumentation as <c>reference</c> libraries of the runtime target; false when listed already.</summary>
    internal static bool AddRuntime(string depsFile)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(depsFile))?.AsObject() ?? throw new InvalidDataException($"{depsFile}: empty deps file");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{depsFile}: not a deps file ({ex.Message})", ex);
        }

        var targetName = root["runtimeTarget"]?["name"]?.GetValue<string>()
            ?? throw new InvalidDataException($"{depsFile}: no runtimeTarget.name");
        var target = root["targets"]?[targetName] as JsonObject
            ?? throw new InvalidDataException($"{depsFile}: no targets.{targetName}");
        var libraries = root["libraries"] as JsonObject ?? [];
        root["libraries"] = libraries;

        var changed = false;
        foreach (var name in s_runtime)
        {
            if (target.Any(p => p.Key.StartsWith(name + "/", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var version = typeof(DeptInstrumentedRun).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            var key = $"{name}/{version}";
            var entry = new JsonObject { ["runtime"] = new JsonObject { [name + ".dll"] = new JsonObject() } };
            if (name == "Dept.Instrumentation")
            {
                entry["dependencies"] = new JsonObject { ["Dept.Core"] = version };
            }

            target[key] = entry;
            libraries[key] = new JsonObject { ["type"] = "reference", ["serviceable"] = false, ["sha512"] = string.Empty };
            changed = true;
        }

        if (changed)
        {
            var temp = depsFile + ".dept.tmp";
            File.WriteAllText(temp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temp, depsFile, overwrite: true);
        }

        return changed;
    }
}
