using System.CommandLine;
using Dept.Instrumentation.Rewriting;

namespace Dept.Viewer.Cli;

/// <summary>
/// <c>dept rewrite &lt;assembly...&gt; [--patches &lt;dll&gt;...] [--show-il]</c>: applies Dept's patches (and the user's)
/// to the call sites of the given assemblies, in place or into <c>--output</c>. The MSBuild targets run this command
/// out of process (docs/reference/msbuild.md). An application folder rewritten in place gets Dept's runtime
/// assemblies and deps entries (<see cref="AppDeployment"/>), so it starts as is.
/// </summary>
internal static class RewriteCommand
{
    public static Command Create()
    {
        var assemblies = new Argument<string[]>("assembly") { Arity = ArgumentArity.ZeroOrMore, Description = "Assemblies to rewrite (their .pdb is kept in step)." };
        var patches = new Option<string[]>("--patches") { AllowMultipleArgumentsPerToken = true, Description = "Assemblies that declare [DeptPatch] classes (an error if one declares none)." };
        var scan = new Option<string[]>("--scan") { AllowMultipleArgumentsPerToken = true, Description = "Candidate assemblies: those declaring patches are used, others ignored." };
        var output = new Option<string?>("--output") { Description = "Write rewritten copies into this directory instead of rewriting in place." };
        var references = new Option<string[]>("--references") { AllowMultipleArgumentsPerToken = true, Description = "More assemblies to rewrite, as copies into --references-output (the MSBuild targets pass project references here)." };
        var referencesOutput = new Option<string?>("--references-output") { Description = "Directory for the rewritten --references." };
        var showIl = new Option<bool>("--show-il") { Description = "Print the IL of each changed method before and after, and the generated shims." };
        var noBuiltIn = new Option<bool>("--no-builtin-patches") { Description = "Apply only the given patch assemblies, not Dept's own BCL patches." };
        var noDirScan = new Option<bool>("--no-directory-scan") { Description = "Do not look for patch assemblies beside the inputs." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only failures and a one-line total." };
        var command = new Command("rewrite", "Instrument assemblies: rewrite call sites of patched methods to Dept's shims.")
        {
            assemblies, patches, scan, output, references, referencesOutput, showIl, noBuiltIn, noDirScan, quiet,
        };
        command.SetAction(r =>
        {
            var options = new DeptRewriteOptions
            {
                OutputDirectory = r.GetValue(output),
                IlLog = r.GetValue(showIl) ? Console.Out : null,
                IncludeBuiltInPatches = !r.GetValue(noBuiltIn),
                ScanInputDirectories = !r.GetValue(noDirScan),
                ReferencesOutputDirectory = r.GetValue(referencesOutput),
            };
            AddAll(options.Assemblies, r.GetValue(assemblies));
            AddAll(options.PatchAssemblies, r.GetValue(patches));
            AddAll(options.ScanAssemblies, r.GetValue(scan));
            AddAll(options.References, r.GetValue(references));
            if (options.Assemblies.Count + options.References.Count == 0)
            {
                Console.Error.WriteLine("dept rewrite: error: no assembly to rewrite.");
                return (int)ExitCode.Error;
            }

            try
            {
                var results = DeptRewriter.Rewrite(options);
                var code = Report(results, r.GetValue(quiet));

                // An application rewritten in its own folder must start as is: its deps file lists Dept's runtime.
                foreach (var line in AppDeployment.Deploy(results))
                {
                    Console.WriteLine(line);
                }

                return code;
            }
            catch (Exception ex) when (ex is DeptRewriteException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"dept rewrite: error: {ex.Message}");
                return (int)ExitCode.Error;
            }
        });
        return command;
    }

    private static void AddAll(IList<string> target, string[]? values)
    {
        foreach (var value in values ?? [])
        {
            target.Add(value);
        }
    }

    private static int Report(IReadOnlyList<DeptRewriteResult> results, bool quiet)
    {
        foreach (var r in results)
        {
            var name = Path.GetFileName(r.Path);
            var ms = (int)r.Elapsed.TotalMilliseconds;
            if (r.Outcome == DeptRewriteOutcome.Failed)
            {
                Console.Error.WriteLine($"dept rewrite: error: {r.Message}");
            }
            else if (!quiet)
            {
                Console.WriteLine(r.Outcome switch
                {
                    DeptRewriteOutcome.Rewritten => $"dept rewrite: {name}: {r.Instrumented} call site(s) instrumented, {r.Uninstrumented} uninstrumented call(s) recorded, {r.Skipped} skipped ({ms} ms)",
                    DeptRewriteOutcome.AlreadyRewritten => $"dept rewrite: {name}: already rewritten with these patches ({ms} ms)",
                    DeptRewriteOutcome.NothingToRewrite => $"dept rewrite: {name}: no patched call site ({ms} ms)",
                    _ => $"dept rewrite: {name}: skipped: {r.Message}",
                });
            }
        }

        var failed = results.Count(r => r.Outcome == DeptRewriteOutcome.Failed);
        if (quiet)
        {
            // The one line a build shows (the MSBuild targets run --quiet at high importance): what was rewritten.
            var rewritten = results.Where(r => r.Outcome == DeptRewriteOutcome.Rewritten).ToList();
            var named = rewritten.Count == 0 ? "nothing rewritten" : "rewrote " + string.Join(", ", rewritten.Select(r => $"{Path.GetFileName(r.Path)} ({r.Instrumented} call sites)"));
            var unchanged = results.Count - rewritten.Count - failed;
            Console.WriteLine($"dept rewrite: {named}; {unchanged} unchanged, {failed} failed");
        }

        return failed == 0 ? (int)ExitCode.Clean : (int)ExitCode.Error;
    }
}
