using System.Collections.Concurrent;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Dept.Viewer.Attach;

/// <summary>
/// Source lines for live stacks (#14): a frame's method token and IL offset looked up in the module's portable PDB
/// (beside the module, or embedded in it). No PDB, a Windows PDB or an unreadable one: no line, never an error.
/// </summary>
internal sealed class PdbLines : IDisposable
{
    private readonly ConcurrentDictionary<string, MetadataReaderProvider?> _pdbs = new(StringComparer.Ordinal);

    /// <summary>Returns the file and line of <paramref name="ilOffset"/> in method <paramref name="token"/>, or null.</summary>
    public (string File, int Line)? Find(string? modulePath, int token, int ilOffset)
    {
        if (string.IsNullOrEmpty(modulePath) || ilOffset < 0 || (token >> 24) != 0x06)
        {
            return null;
        }

        try
        {
            if (_pdbs.GetOrAdd(modulePath, Open) is not { } provider)
            {
                return null;
            }

            var reader = provider.GetMetadataReader();
            var handle = MetadataTokens.MethodDefinitionHandle(token & 0xFFFFFF);
            (string, int)? best = null;
            foreach (var point in reader.GetMethodDebugInformation(handle).GetSequencePoints())
            {
                if (point.Offset > ilOffset)
                {
                    break;
                }

                if (!point.IsHidden)
                {
                    best = (reader.GetString(reader.GetDocument(point.Document).Name), point.StartLine);
                }
            }

            return best;
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var provider in _pdbs.Values)
        {
            provider?.Dispose();
        }
    }

    private static MetadataReaderProvider? Open(string modulePath)
    {
        try
        {
            var pdb = Path.ChangeExtension(modulePath, ".pdb");
            if (File.Exists(pdb))
            {
                var stream = File.OpenRead(pdb);
                return MetadataReaderProvider.FromPortablePdbStream(stream);
            }

            if (!File.Exists(modulePath))
            {
                return null;
            }

            using var pe = new PEReader(File.OpenRead(modulePath));
            var embedded = pe.ReadDebugDirectory().FirstOrDefault(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
            return embedded.DataSize > 0 ? pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded) : null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
