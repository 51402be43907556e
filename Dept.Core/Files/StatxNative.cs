using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Dept.Core.Files;

/// <summary>
/// <c>statx(2)</c> through glibc (2.28+). Chosen over <c>stat</c> because <c>struct statx</c> has one layout on every
/// Linux architecture, so no per-architecture offsets are needed; the BCL exposes neither inode nor file type.
/// </summary>
internal static class StatxNative
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    public static FileStatus Of(string fullPath, bool followLinks)
    {
        var buffer = new byte[256];
        int result;
        try
        {
            result = statx(AtFdCwd, fullPath, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without statx (musl before 1.2.5): tell kinds apart without identities.
            return new FileStatus(File.Exists(fullPath) ? FileKind.Regular : Directory.Exists(fullPath) ? FileKind.Directory : FileKind.Missing, 0, 0, File.Exists(fullPath) ? new FileInfo(fullPath).Length : 0, fullPath);
        }

        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir)
            {
                return new FileStatus(FileKind.Missing, 0, 0, 0, fullPath);
            }

            throw new IOException($"{fullPath}: cannot inspect the file: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        // struct statx: stx_mode u16 at 28, stx_ino u64 at 32, stx_size u64 at 40, stx_dev_major/minor u32 at 136/140.
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(32));
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(40));
        var device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(136)) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(140));
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            _ => FileKind.Socket,
        };
        return new FileStatus(kind, device, inode == 0 ? 1 : inode, kind == FileKind.Regular ? size : 0, fullPath);
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks, which Dept.Core keeps off; this call is not hot.
#pragma warning disable CA5392 // libc is resolved by the runtime's default probing; there is no user-controlled search path here.
    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, int flags, uint mask, byte[] buffer);
#pragma warning restore CA5392
#pragma warning restore SYSLIB1054
}
