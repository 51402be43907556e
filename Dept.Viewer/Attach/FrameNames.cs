using System.Text.RegularExpressions;

namespace Dept.Viewer.Attach;

/// <summary>
/// Readable names for compiler-generated frames (#14): <c>Program+&lt;&gt;c__DisplayClass0_0.&lt;&lt;Main&gt;$&gt;b__0()</c>
/// becomes <c>Program.Main (lambda)</c>, <c>&lt;RunAsync&gt;d__4.MoveNext()</c> becomes <c>RunAsync (async)</c>: the
/// user reads the method they wrote, not the closure class the C# compiler made for it.
/// </summary>
internal static partial class FrameNames
{
    public static string Readable(string frame)
    {
        var text = DisplayClass().Replace(frame, string.Empty);
        text = Lambda().Replace(text, "$1 (lambda)");
        text = TopLevelMain().Replace(text, "Main");
        text = LocalFunction().Replace(text, "$2 (local function in $1)");
        text = AsyncStateMachine().Replace(text, ".$1 (async)");
        return text;
    }

    // "+<>c__DisplayClass0_0" / ".<>c" closure classes (nested with '+' or '.').
    [GeneratedRegex(@"[+.]<>c(__DisplayClass\d+_\d+)?(?=[.+])")]
    private static partial Regex DisplayClass();

    // Top-level statements: "<Main>$".
    [GeneratedRegex(@"<<Main>\$>|<Main>\$")]
    private static partial Regex TopLevelMain();

    // "<Run>b__0_1()", or "<<Main>$>b__0()" in top-level statements: a lambda in Run/Main.
    [GeneratedRegex(@"<<?(\w+)>\$?>?b__[\d_]+(\([^)]*\))?")]
    private static partial Regex Lambda();

    // "<Run>g__Helper|0_0()": a local function Helper in Run.
    [GeneratedRegex(@"<(\w+)>g__(\w+)\|[\d_]+(\([^)]*\))?")]
    private static partial Regex LocalFunction();

    // "<RunAsync>d__4.MoveNext()": an async method's state machine.
    [GeneratedRegex(@"[+.]?<(\w+)>d__\d+\.MoveNext(\(\))?")]
    private static partial Regex AsyncStateMachine();
}
