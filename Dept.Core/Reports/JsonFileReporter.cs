using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dept.Core.Reports;

/// <summary>
/// Appends each report as one JSON line to a file (JSON Lines), so a crash loses at most the report being written.
/// The whole-run document is written by <see cref="Snapshots.DeptDocumentJson"/> instead.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class JsonFileReporter : IDeptReporter
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly object _gate = new();

    /// <summary>Creates a reporter appending to <paramref name="path"/> (its folder is created).</summary>
    public JsonFileReporter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>Gets the file written.</summary>
    public string Path { get; }

    /// <summary>Serializes one report as a single line.</summary>
    public static string ToJsonLine(DeptReport report) => JsonSerializer.Serialize(report, s_options);

    /// <inheritdoc/>
    public void Report(DeptReport report)
    {
        var line = ToJsonLine(report) + "\n";
        lock (_gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.AppendAllText(Path, line);
        }
    }
}
