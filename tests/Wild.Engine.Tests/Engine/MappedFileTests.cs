// Input bytes: they are the file's, a missing input or a directory is a clear error, the check made before the
// output is kept notices an input that was replaced, resized or removed during the link (not one only touched),
// and the stricter check a kept session makes before writing also notices a new modification time. Without a
// fault guard (this test process, like pwsh) the bytes are a private copy that no change to the file can reach.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Tests.Engine;

public sealed class MappedFileTests
{
    [Fact]
    public void MapsTheFilesBytesAndSeesNoChangeWhenNothingChanged()
    {
        using var dir = new Scratch();
        string path = dir.Write("a.bin", [1, 2, 3, 4, 5]);
        using var file = MappedFile.Open(path);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, file.Span.ToArray());
        Assert.Equal(5, file.Length);
        Assert.Equal(File.GetLastWriteTimeUtc(path), file.LastWriteTimeUtc);
        Assert.False(file.ChangedDuringLink());
        Assert.False(file.ChangedSinceRead());
    }

    [Fact]
    public void AnEmptyFileMapsToAnEmptySpan()
    {
        using var dir = new Scratch();
        using var file = MappedFile.Open(dir.Write("empty", []));
        Assert.True(file.Span.IsEmpty);
        Assert.False(file.ChangedDuringLink());
    }

    [Fact]
    public void ARewrittenFileHasChanged()
    {
        using var dir = new Scratch();
        string path = dir.Write("a.bin", [1, 2, 3]);
        using var file = MappedFile.Open(path);
        File.AppendAllText(path, "x");
        Assert.True(file.ChangedDuringLink());
        Assert.True(file.ChangedSinceRead());
    }

    [Fact]
    public void AFileReplacedByAnIdenticalCopyWithTheSameTimeHasChanged()
    {
        // Same bytes, size and mtime, but another file: a build step swapped it in under the link.
        using var dir = new Scratch();
        string path = dir.Write("a.bin", [1, 2, 3]);
        using var file = MappedFile.Open(path);
        string copy = dir.Write("b.bin", [1, 2, 3]);
        File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(path));
        File.Move(copy, path, overwrite: true);
        Assert.True(file.ChangedDuringLink());
    }

    [Fact]
    public void ARemovedFileHasChanged()
    {
        using var dir = new Scratch();
        string path = dir.Write("a.bin", [1]);
        using var file = MappedFile.Open(path);
        File.Delete(path);
        Assert.True(file.ChangedDuringLink());
        Assert.Equal(1, file.Span[0]); // the mapping outlives the name
    }

    [Fact]
    public void ATouchedFileHasNotChangedForTheLinkButHasForAKeptSession()
    {
        // `touch` during a link leaves the bytes read valid; a session written later must still see the new time.
        using var dir = new Scratch();
        string path = dir.Write("a.bin", [1, 2, 3]);
        using var file = MappedFile.Open(path);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        Assert.False(file.ChangedDuringLink());
        Assert.True(file.ChangedSinceRead());
    }

    [Fact]
    public void WithoutAFaultGuardTheBytesAreACopyThatATruncationCannotReach()
    {
        // A mapping of a truncated file faults on the next read (SIGBUS), which would kill a host like pwsh.
        using var dir = new Scratch();
        byte[] bytes = new byte[3 * 4096 + 5];
        bytes[^1] = 42;
        string path = dir.Write("a.bin", bytes);
        using var file = MappedFile.Open(path);
        Assert.False(file.IsZeroCopy);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write)) stream.SetLength(0);
        Assert.Equal(42, file.Span[^1]);
        Assert.True(file.ChangedDuringLink());
    }

    [Theory]
    [InlineData("missing.o")]
    [InlineData("")]
    public void AMissingInputOrADirectoryIsReportedAsNotFound(string name)
    {
        using var dir = new Scratch();
        string path = name.Length == 0 ? dir.Dir : dir.PathOf(name);
        var e = Assert.Throws<LinkException>(() => MappedFile.Open(path));
        Assert.Equal(ErrorId.InputNotFound, e.Id);
        Assert.Equal($"cannot open {path}: No such file or directory", e.Message);
    }
}
