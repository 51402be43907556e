using System.Globalization;
using System.Text;

namespace Dept.Core.Text;

/// <summary>
/// Makes text from a report safe to print on a terminal: class names, file paths and notes come from user code and
/// files, and an escape sequence in one must not retitle the window, clear the screen or hide lines (#13). Control
/// characters other than newline and tab, and the Unicode bidirectional overrides, are shown as <c>\x1B</c> /
/// <c>\u202E</c> escapes instead.
/// </summary>
public static class TerminalText
{
    /// <summary>Returns <paramref name="text"/> with every unsafe character escaped; the same instance when none is.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsSafe(text[i]))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (IsSafe(c))
            {
                sb.Append(c);
            }
            else if (c < 0x100)
            {
                sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static bool IsSafe(char c) => c switch
    {
        '\n' or '\t' => true,
        < ' ' or '\x7F' => false,
        >= '\x80' and <= '\x9F' => false, // C1 controls: CSI (0x9B) and OSC (0x9D) start sequences on many terminals
        >= '\u202A' and <= '\u202E' => false, // bidi embeddings and overrides
        >= '\u2066' and <= '\u2069' => false, // bidi isolates
        '\u200E' or '\u200F' or '\u061C' => false,
        _ => true,
    };
}
