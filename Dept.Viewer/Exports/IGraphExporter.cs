using Dept.Viewer.Model;

namespace Dept.Viewer.Exports;

/// <summary>Writes a graph snapshot in one file format (BenchmarkDotNet-style exporter: one small class per format).</summary>
internal interface IGraphExporter
{
    /// <summary>The format name used by <c>dept export --format</c> and <c>/api/export/{format}</c>.</summary>
    string Format { get; }

    /// <summary>File extension including the dot.</summary>
    string Extension { get; }

    /// <summary>The HTTP content type.</summary>
    string ContentType { get; }

    /// <summary>Writes <paramref name="graph"/> to <paramref name="output"/> (UTF-8, no BOM). Does not close it.</summary>
    void Export(ViewGraph graph, Stream output);
}
