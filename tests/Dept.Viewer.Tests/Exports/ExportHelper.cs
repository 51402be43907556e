using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Dept.Viewer.Exports;
using Dept.Viewer.Model;

namespace Dept.Viewer.Tests.Exports;

internal static class ExportHelper
{
    public static string Export(IGraphExporter exporter, ViewGraph graph)
    {
        using var stream = new MemoryStream();
        exporter.Export(graph, stream);
        var bytes = stream.ToArray();
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "exports are UTF-8 without BOM");
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Parses <paramref name="xml"/> with schema validation; returns the document and every validation error.</summary>
    public static (XDocument Document, List<string> Errors) ParseValidated(string xml, string schemaResource)
    {
        var schemas = new XmlSchemaSet();
        using (var xsd = typeof(ExportHelper).Assembly.GetManifestResourceStream("schemas/" + schemaResource)!)
        {
            schemas.Add(null, XmlReader.Create(xsd));
        }

        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return (XDocument.Load(reader), errors);
    }
}
