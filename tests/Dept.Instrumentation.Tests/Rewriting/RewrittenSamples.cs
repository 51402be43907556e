using System.Reflection;
using System.Runtime.Loader;
using Dept.Instrumentation.Rewriting;
using Dept.Instrumentation.Tests.Rewriting.TestPatches;

namespace Dept.Instrumentation.Tests.Rewriting;

/// <summary>
/// Rewrites a copy of Dept.Rewriting.Samples with this assembly's test patches (once per test class) and loads it in
/// its own load context; Dept.Core and the patches resolve from the default context, so the patch log is shared.
/// </summary>
public sealed class RewrittenSamples : IDisposable
{
    private readonly AssemblyLoadContext _context;

    public RewrittenSamples()
    {
        Directory = Path.Combine(Path.GetTempPath(), "dept-rw-" + Guid.NewGuid().ToString("N"));
        var input = Path.Combine(Directory, "in");
        System.IO.Directory.CreateDirectory(input);
        Original = Path.Combine(input, "Dept.Rewriting.Samples.dll");
        var built = typeof(Dept.Rewriting.Samples.Gate).Assembly.Location;
        File.Copy(built, Original);
        File.Copy(Path.ChangeExtension(built, ".pdb"), Path.ChangeExtension(Original, ".pdb"));
        IlLog = new StringWriter();
        var options = new DeptRewriteOptions
        {
            IncludeBuiltInPatches = false,
            ScanInputDirectories = false,
            OutputDirectory = Path.Combine(Directory, "out"),
            IlLog = IlLog,
        };
        options.Assemblies.Add(Original);
        options.PatchAssemblies.Add(typeof(PatchLog).Assembly.Location);
        Result = DeptRewriter.Rewrite(options).Single();
        if (Result.Outcome != DeptRewriteOutcome.Rewritten)
        {
            throw new InvalidOperationException($"{Result.Outcome}: {Result.Message}");
        }

        _context = new SamplesContext(Result.Output, typeof(PatchLog).Assembly.Location);
        Assembly = _context.LoadFromAssemblyPath(Result.Output);
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(Assembly.ManifestModule.ModuleHandle);
    }

    public string Directory { get; }

    public string Original { get; }

    public StringWriter IlLog { get; }

    public DeptRewriteResult Result { get; }

    public Assembly Assembly { get; }

    public object? Invoke(string method, params object?[] args)
    {
        try
        {
            return Assembly.GetType("Dept.Rewriting.Samples.Calls", throwOnError: true)!.GetMethod(method)!.Invoke(null, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    public object New(string type, params Type[] generic)
    {
        var t = Assembly.GetType("Dept.Rewriting.Samples." + type, throwOnError: true)!;
        return Activator.CreateInstance(generic.Length == 0 ? t : t.MakeGenericType(generic))!;
    }

    /// <summary>Loads the rewritten samples and a second copy of the patch assembly; everything else is shared.</summary>
    private sealed class SamplesContext(string samples, string patches) : AssemblyLoadContext("dept-rewritten-samples", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) => name.Name switch
        {
            "Dept.Rewriting.Samples" => LoadFromAssemblyPath(samples),
            "Dept.Instrumentation.Tests" => LoadFromAssemblyPath(patches),
            _ => null,
        };
    }

    public void Dispose()
    {
        _context.Unload();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // The unloading context may still map the file on some platforms; the temp folder is harmless.
        }
    }
}
