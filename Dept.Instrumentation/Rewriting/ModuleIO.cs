using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Dept.Instrumentation.Rewriting;

/// <summary>
/// Reads a module fully into memory (no file stays open, mechanisms.md pitfall 9) with its portable PDB, and writes
/// it back safely: into a temporary directory under the SAME file names (the PDB name is recorded in the CodeView
/// entry, pitfall 8), then moves the PDB and the DLL over the destination. A failure leaves the destination untouched.
/// </summary>
internal static class ModuleIO
{
    public static ModuleDefinition Read(string path, IAssemblyResolver resolver, out SymbolKind symbols)
    {
        byte[] image;
        try
        {
            image = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DeptRewriteException($"{path}: cannot be read ({ex.Message}).", ex);
        }

        var pdb = Path.ChangeExtension(path, ".pdb");
        symbols = File.Exists(pdb) ? SymbolKind.File : SymbolKind.None;
        var parameters = new ReaderParameters { AssemblyResolver = resolver, ReadingMode = ReadingMode.Immediate };
        if (symbols == SymbolKind.File)
        {
            parameters.ReadSymbols = true;
            parameters.SymbolStream = new MemoryStream(File.ReadAllBytes(pdb));
            parameters.SymbolReaderProvider = new PortablePdbReaderProvider();
        }

        try
        {
            ModuleDefinition module;
            try
            {
                module = ModuleDefinition.ReadModule(new MemoryStream(image), parameters);
            }
            catch (Exception ex) when (symbols == SymbolKind.File && ex is not SymbolsNotMatchingException && ReadsWithoutSymbols(image, resolver))
            {
                // The assembly reads on its own: it is the PDB beside it that is broken. Name it (#13), and refuse rather
                // than silently drop its line numbers.
                throw new DeptRewriteException($"{pdb}: the PDB beside {Path.GetFileName(path)} is corrupt or truncated ({ex.GetType().Name}: {ex.Message}); rebuild or delete it. {path} left untouched.", ex);
            }
            catch (SymbolsNotMatchingException)
            {
                // A stale .pdb beside the DLL (not from this build): rewrite without line numbers rather than fail;
                // the stale file is left as it was.
                symbols = SymbolKind.None;
                module = ModuleDefinition.ReadModule(new MemoryStream(image), new ReaderParameters { AssemblyResolver = resolver, ReadingMode = ReadingMode.Immediate });
            }

            if (symbols == SymbolKind.None && HasEmbeddedPdb(module))
            {
                module.Dispose();
                symbols = SymbolKind.Embedded;
                parameters = new ReaderParameters { AssemblyResolver = resolver, ReadingMode = ReadingMode.Immediate, ReadSymbols = true };
                module = ModuleDefinition.ReadModule(new MemoryStream(image), parameters);
            }

            return module;
        }
        catch (BadImageFormatException ex)
        {
            throw new DeptRewriteException($"{path}: not a .NET assembly (native or corrupt image); left untouched.", ex);
        }
        catch (Exception ex) when (ex is not DeptRewriteException)
        {
            throw new DeptRewriteException($"{path}: unreadable ({ex.GetType().Name}: {ex.Message}); left untouched.", ex);
        }
    }

    public static void Write(ModuleDefinition module, string destination, SymbolKind symbols)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        var temp = Path.Combine(directory, $".dept-{Guid.NewGuid():N}");
        try
        {
            // Dept's output policy (#13): a read-only assembly, a symbolic link or a device is refused, not replaced.
            Core.Files.OutputFile.Check(destination);
            var mode = !OperatingSystem.IsWindows() && File.Exists(destination) ? File.GetUnixFileMode(destination) : (UnixFileMode?)null;
            Directory.CreateDirectory(temp);
            var tempDll = Path.Combine(temp, Path.GetFileName(destination));
            var parameters = new WriterParameters { DeterministicMvid = true };
            if (symbols != SymbolKind.None)
            {
                parameters.WriteSymbols = true;
                parameters.SymbolWriterProvider = symbols == SymbolKind.Embedded
                    ? new EmbeddedPortablePdbWriterProvider()
                    : new PortablePdbWriterProvider();
            }

            module.Write(tempDll, parameters);
            var tempPdb = Path.ChangeExtension(tempDll, ".pdb");
            if (symbols == SymbolKind.File && File.Exists(tempPdb))
            {
                File.Move(tempPdb, Path.ChangeExtension(destination, ".pdb"), overwrite: true);
            }

            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tempDll, m);
            }

            File.Move(tempDll, destination, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // One line naming the problem (a read-only folder, a read-only assembly, a full disk), never a stack trace.
            throw new DeptRewriteException($"{destination}: cannot write the rewritten assembly: {ex.Message}; left untouched.", ex);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static bool ReadsWithoutSymbols(byte[] image, IAssemblyResolver resolver)
    {
        try
        {
            using var module = ModuleDefinition.ReadModule(new MemoryStream(image), new ReaderParameters { AssemblyResolver = resolver, ReadingMode = ReadingMode.Immediate });
            return true;
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException or IOException)
        {
            return false;
        }
    }

    private static bool HasEmbeddedPdb(ModuleDefinition module) =>
        module.HasDebugHeader && module.GetDebugHeader().Entries.Any(e => e.Directory.Type == ImageDebugType.EmbeddedPortablePdb);
}
