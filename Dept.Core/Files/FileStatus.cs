namespace Dept.Core.Files;

/// <summary>
/// The type, identity and size of a file. On Linux it comes from <c>statx</c>, so two paths naming the same file
/// (hard links, symbolic links, <c>./a.json</c> and <c>a.json</c>) have the same <see cref="Device"/> and
/// <see cref="Inode"/>; elsewhere the identity is the full path (<see cref="HasIdentity"/> is false).
/// </summary>
/// <param name="Kind">What the path names.</param>
/// <param name="Device">The device id (major &lt;&lt; 32 | minor), or 0 when unknown.</param>
/// <param name="Inode">The inode number, or 0 when unknown.</param>
/// <param name="Size">The size in bytes (0 for anything but a regular file).</param>
/// <param name="FullPath">The full path the status was taken of.</param>
internal readonly record struct FileStatus(FileKind Kind, ulong Device, ulong Inode, long Size, string FullPath)
{
    /// <summary>True when <see cref="Device"/> and <see cref="Inode"/> identify the file.</summary>
    public bool HasIdentity => Inode != 0;

    /// <summary>The status of <paramref name="path"/>; symbolic links are followed when <paramref name="followLinks"/>.</summary>
    public static FileStatus Of(string path, bool followLinks)
    {
        var full = Path.GetFullPath(path);
        return OperatingSystem.IsLinux() ? StatxNative.Of(full, followLinks) : Portable(full, followLinks);
    }

    /// <summary>True when both name the same file (by device and inode where known, else by full path).</summary>
    public bool SameFileAs(FileStatus other) => Kind != FileKind.Missing && other.Kind != FileKind.Missing && (HasIdentity && other.HasIdentity
        ? Device == other.Device && Inode == other.Inode
        : string.Equals(FullPath, other.FullPath, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));

    /// <summary>How the kind reads in an error message: "a FIFO", "a character device"...</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        _ => "a socket",
    };

    // Without statx: links and directories are told apart, devices and FIFOs are not (Windows has none on its file
    // system paths; macOS is not a target platform of the tracker's CI).
    private static FileStatus Portable(string full, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        if (!info.Exists)
        {
            return new FileStatus(info.LinkTarget is null ? FileKind.Missing : FileKind.SymbolicLink, 0, 0, 0, full);
        }

        if (info.LinkTarget is not null)
        {
            if (!followLinks)
            {
                return new FileStatus(FileKind.SymbolicLink, 0, 0, 0, full);
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? new FileStatus(FileKind.Missing, 0, 0, 0, full) : Portable(target.FullName, followLinks: false);
        }

        return info is FileInfo file
            ? new FileStatus(FileKind.Regular, 0, 0, file.Length, full)
            : new FileStatus(FileKind.Directory, 0, 0, 0, full);
    }
}
