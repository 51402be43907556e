using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>Plain-text IL of a method body for <c>dept rewrite --show-il</c> (one instruction a line, handlers after).</summary>
internal static class IlText
{
    public static string Capture(MethodDefinition method)
    {
        using var writer = new StringWriter();
        Write(writer, method);
        return writer.ToString();
    }

    public static void Write(TextWriter writer, MethodDefinition method)
    {
        var text = new StringBuilder();
        foreach (var instruction in method.Body.Instructions)
        {
            text.Append("  ").Append(instruction).Append('\n');
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            text.Append($"  .{handler.HandlerType.ToString().ToLowerInvariant()} IL_{handler.TryStart.Offset:x4}..IL_{handler.TryEnd.Offset:x4} " +
                        $"handler IL_{handler.HandlerStart.Offset:x4}..IL_{handler.HandlerEnd?.Offset ?? -1:x4}\n");
        }

        writer.Write(text.ToString());
    }
}
