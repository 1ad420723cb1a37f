// Input mapping: the bytes are the file's, a missing input or a directory is a clear error, and the check
// made before the output is kept notices an input that was rewritten, replaced or removed during the link.
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
        Assert.False(file.ChangedOnDisk());
    }

    [Fact]
    public void AnEmptyFileMapsToAnEmptySpan()
    {
        using var dir = new Scratch();
        using var file = MappedFile.Open(dir.Write("empty", []));
        Assert.True(file.Span.IsEmpty);
        Assert.False(file.ChangedOnDisk());
    }

    [Fact]
    public void ARewrittenFileHasChanged()
    {
        using var dir = new Scratch();
        string path = dir.Write("a.bin", [1, 2, 3]);
        using var file = MappedFile.Open(path);
        File.AppendAllText(path, "x");
        Assert.True(file.ChangedOnDisk());
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
        Assert.True(file.ChangedOnDisk());
    }

    [Fact]
    public void ARemovedFileHasChanged()
    {
        using var dir = new Scratch();
        string path = dir.Write("a.bin", [1]);
        using var file = MappedFile.Open(path);
        File.Delete(path);
        Assert.True(file.ChangedOnDisk());
        Assert.Equal(1, file.Span[0]); // the mapping outlives the name
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
