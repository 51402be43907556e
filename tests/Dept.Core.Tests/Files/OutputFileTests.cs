using Dept.Core.Files;

namespace Dept.Core.Tests.Files;

public sealed class OutputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dept-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FailedWrite_LeavesTheOldFile_AndNoTemporaryFile()
    {
        var existing = Path.Combine(_dir, "out.txt");
        File.WriteAllText(existing, "old");

        var ex = Assert.Throws<InvalidOperationException>(() => OutputFile.Write(existing, _ => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", ex.Message);
        Assert.Equal("old", File.ReadAllText(existing));
        Assert.Equal(["out.txt"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void SameFileUnderAnotherName_HasTheSameIdentity_OtherFilesDoNot()
    {
        var a = Path.Combine(_dir, "a.json");
        var b = Path.Combine(_dir, "b.json");
        File.WriteAllText(a, "a");
        File.WriteAllText(b, "b");
        var link = Path.Combine(_dir, "link.json");
        File.CreateSymbolicLink(link, a);

        Assert.True(FileStatus.Of(link, followLinks: true).SameFileAs(FileStatus.Of(Path.Combine(_dir, ".", "a.json"), followLinks: true)));
        Assert.False(FileStatus.Of(a, followLinks: true).SameFileAs(FileStatus.Of(b, followLinks: true)));
        Assert.Equal(FileKind.SymbolicLink, FileStatus.Of(link, followLinks: false).Kind);
        Assert.Equal(FileKind.Missing, FileStatus.Of(Path.Combine(_dir, "nope"), followLinks: false).Kind);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(FileStatus.Of(a, followLinks: true).HasIdentity);
            Assert.Equal(FileKind.CharacterDevice, FileStatus.Of("/dev/zero", followLinks: true).Kind);
        }
    }

    [Fact]
    public void TemporaryOfALiveProcess_IsKept_ThatOfADeadOneIsRemoved()
    {
        var live = Path.Combine(_dir, $".r.json.{Environment.ProcessId}.00000000{OutputFile.TemporarySuffix}");
        var dead = Path.Combine(_dir, $".r.json.99999999.00000000{OutputFile.TemporarySuffix}");
        File.WriteAllText(live, "x");
        File.WriteAllText(dead, "x");

        OutputFile.RemoveStaleTemporaries(_dir, "r.json");

        Assert.True(File.Exists(live));
        Assert.False(File.Exists(dead));
    }
}
