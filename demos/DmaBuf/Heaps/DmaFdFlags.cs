namespace DmaBuf.Heaps;

/// <summary>The file flags a buffer's fd may be created with (<c>fd_flags</c>): access mode and close-on-exec.</summary>
[Flags]
public enum DmaFdFlags
{
    /// <summary><c>O_RDONLY</c>.</summary>
    ReadOnly = 0,

    /// <summary><c>O_WRONLY</c>.</summary>
    WriteOnly = 1,

    /// <summary><c>O_RDWR</c>.</summary>
    ReadWrite = 2,

    /// <summary><c>O_CLOEXEC</c>.</summary>
    CloseOnExec = 0x80000,
}
