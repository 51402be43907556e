using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Dept.Instrumentation.Rewriting;

/// <summary>Skips most candidate assemblies without loading them in Cecil (a metadata-table read of a few ms).</summary>
internal static class PatchPrefilter
{
    /// <summary>Cheap pre-filter with System.Reflection.Metadata: only Dept.Instrumentation or its referrers can declare patches.</summary>
    public static bool MayDeclarePatches(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var md = pe.GetMetadataReader();
            if (md.IsAssembly && md.GetString(md.GetAssemblyDefinition().Name) == "Dept.Instrumentation")
            {
                return true;
            }

            return md.AssemblyReferences.Any(h => md.GetString(md.GetAssemblyReference(h).Name) == "Dept.Instrumentation");
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
