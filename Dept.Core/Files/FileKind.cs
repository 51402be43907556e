namespace Dept.Core.Files;

/// <summary>What a path names, as the operating system sees it (<c>lstat</c>/<c>stat</c>'s file type).</summary>
internal enum FileKind
{
    /// <summary>Nothing exists at the path.</summary>
    Missing,

    /// <summary>A regular file: the only kind Dept reads reports from or replaces.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (only seen when links are not followed).</summary>
    SymbolicLink,

    /// <summary>A character device such as <c>/dev/zero</c> or <c>/dev/null</c>.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A named pipe: reading it may block forever and never ends.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}
