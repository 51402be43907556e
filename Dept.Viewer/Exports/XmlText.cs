using System.Text;
using System.Xml;

namespace Dept.Viewer.Exports;

/// <summary>Helpers shared by the XML exporters.</summary>
internal static class XmlText
{
    /// <summary>Writer settings: UTF-8 without BOM, indented, LF line ends.</summary>
    public static XmlWriterSettings Settings { get; } = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        NewLineChars = "\n",
        CloseOutput = false,
    };

    /// <summary>
    /// Replaces characters XML 1.0 cannot carry (class names come from user code and may hold anything) with U+FFFD,
    /// so the export never fails half-way.
    /// </summary>
    public static string Clean(string s)
    {
        if (s.All(XmlConvert.IsXmlChar))
        {
            return s;
        }

        var b = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                b.Append(s[i]).Append(s[++i]);
            }
            else
            {
                b.Append(XmlConvert.IsXmlChar(s[i]) ? s[i] : '\uFFFD');
            }
        }

        return b.ToString();
    }
}
