// The build-id hashes 1 MiB chunks in parallel and then their digests: the id must not depend on the thread
// count, must have each style's length, and must change when any byte changes, in any chunk, including the last.
using Wild.Engine.Parallel;
using Wild.Engine.Writing;

namespace Wild.Engine.Tests.Engine;

public sealed class BuildIdTests
{
    private static byte[] Image(int length)
    {
        var image = new byte[length];
        new Random(42).NextBytes(image);
        return image;
    }

    private static unsafe byte[] Id(byte[] image, BuildIdKind kind, int length, int threads = 2)
    {
        var id = new byte[length];
        fixed (byte* p = image)
            BuildId.Fill(id, new OutputImage(p, (ulong)image.Length), kind, null, new ParallelWork(threads, CancellationToken.None));
        return id;
    }

    [Theory]
    [InlineData(BuildIdKind.Sha1, 20)]
    [InlineData(BuildIdKind.Md5, 16)]
    [InlineData(BuildIdKind.Fast, 8)]
    public void IsTheSameWhateverTheThreadCount(BuildIdKind kind, int length)
    {
        var image = Image((5 << 20) + 123);
        Assert.Equal(Id(image, kind, length, threads: 1), Id(image, kind, length, threads: 4));
    }

    [Theory]
    [InlineData(BuildIdKind.Sha1, 20, 0)]
    [InlineData(BuildIdKind.Sha1, 20, (3 << 20) + 7)]
    [InlineData(BuildIdKind.Sha1, 20, (5 << 20) + 122)]
    [InlineData(BuildIdKind.Md5, 16, (2 << 20) + 1)]
    [InlineData(BuildIdKind.Fast, 8, (1 << 20) - 1)]
    public void ChangesWithAnyByte(BuildIdKind kind, int length, int position)
    {
        var image = Image((5 << 20) + 123);
        var before = Id(image, kind, length);
        image[position] ^= 1;
        var after = Id(image, kind, length);
        Assert.NotEqual(before, after);
        Assert.Contains(after, b => b != 0);
    }

    [Fact]
    public void DependsOnTheOrderOfTheChunks()
    {
        // Two chunks swapped have the same digests in another order: the id must still differ.
        var image = Image(2 << 20);
        var swapped = new byte[image.Length];
        image.AsSpan(1 << 20).CopyTo(swapped);
        image.AsSpan(0, 1 << 20).CopyTo(swapped.AsSpan(1 << 20));
        Assert.NotEqual(Id(image, BuildIdKind.Sha1, 20), Id(swapped, BuildIdKind.Sha1, 20));
    }

    [Fact]
    public void UuidIsARandomVersion4UuidInRfc4122ByteOrder()
    {
        byte[] a = Id(Image(64), BuildIdKind.Uuid, 16), b = Id(Image(64), BuildIdKind.Uuid, 16);
        Assert.NotEqual(a, b);
        foreach (var id in new[] { a, b })
        {
            Assert.Equal(4, id[6] >> 4);          // version 4 (random), in the high nibble of byte 6
            Assert.Equal(0x80, id[8] & 0xc0);     // variant 10xx (RFC 4122)
        }
    }
}
